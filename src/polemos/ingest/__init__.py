"""Ingestion: read inputs into ``Article`` records, clean boilerplate, find near-duplicates."""

from polemos.ingest.boilerplate import BOILERPLATE_PATTERNS, clean_text, is_boilerplate
from polemos.ingest.dedup import DuplicateIndex
from polemos.ingest.readers import READERS, iter_inputs

__all__ = [
    "BOILERPLATE_PATTERNS",
    "READERS",
    "DuplicateIndex",
    "clean_text",
    "is_boilerplate",
    "iter_inputs",
]
