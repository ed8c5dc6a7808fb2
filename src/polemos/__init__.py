"""Polemos: an offline-first pipeline from conflict news to an evidence-carrying event dataset."""

from polemos.version import __version__

__all__ = ["__version__"]
