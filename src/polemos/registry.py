"""Named registries for swappable parts (stages, stores, exporters, eval tasks).

A component registers itself under a name; callers look it up by the name found in the
configuration, so a new store or extractor plugs in without touching the callers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from polemos.errors import RegistryError

T = TypeVar("T")


class Registry(Generic[T]):
    """A mapping from names to components of one kind."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}

    def register(self, name: str) -> Callable[[T], T]:
        """Decorator registering ``item`` under ``name``."""

        def add(item: T) -> T:
            if name in self._items:
                raise RegistryError(f"{self.kind} '{name}' is registered twice")
            self._items[name] = item
            return item

        return add

    def get(self, name: str) -> T:
        try:
            return self._items[name]
        except KeyError:
            known = ", ".join(sorted(self._items)) or "none"
            raise RegistryError(f"unknown {self.kind} '{name}'", hint=f"known: {known}") from None

    def names(self) -> list[str]:
        return sorted(self._items)

    def __contains__(self, name: object) -> bool:
        return name in self._items
