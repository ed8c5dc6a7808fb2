"""One exception hierarchy for Polemos.

Every error carries an actionable message; the CLI turns any ``PolemosError`` into a
clean one-line message and an exit code instead of a traceback.
"""

from __future__ import annotations


class PolemosError(Exception):
    """Base class of every error Polemos raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class UsageError(PolemosError):
    """Wrong arguments or options given by the user."""


class ConfigError(PolemosError):
    """A configuration file, env variable or ``--set`` override is invalid."""


class InputError(PolemosError):
    """One input (file, record, line) cannot be read; becomes a Rejection."""

    def __init__(self, origin: str, reason: str, *, code: str = "unreadable") -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason
        self.code = code


class StoreError(PolemosError):
    """The database cannot be opened, migrated or written."""


class ResourceMissingError(PolemosError):
    """A model, gazetteer or other offline resource is not installed."""


class GoldFormatError(PolemosError):
    """A gold file for ``polemos eval`` does not follow shared/gold/FORMAT.md."""


class RegistryError(PolemosError):
    """A registered component name is unknown or registered twice."""


class NotFoundError(PolemosError):
    """A requested event, article, actor or source does not exist."""
