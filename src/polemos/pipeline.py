"""The pipeline: registered stages over a ``Document``, and the run that drives them.

Stages (clean → nlp → actors → places → dates → events) are plain callables that read
what earlier stages added to a ``Document``; each declares what it needs and adds.  The
``Extractor`` holds the heavy resources (spaCy, actor graph, gazetteer) once per
process.  Merging runs after extraction over the whole store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from polemos import __version__
from polemos.actors import ActorMention, ActorResolver, load_actor_graph
from polemos.errors import ConfigError
from polemos.events import Sentence, code_article
from polemos.graph import RelationRecord
from polemos.ingest import clean_text
from polemos.models import Article, Event, OffsetMap, ResolvedPlace
from polemos.nlp import load_pipeline
from polemos.registry import Registry
from polemos.sources import load_registry, region_of, source_regions
from polemos.temporal import DateMention, find_dates

PIPELINE_VERSION = f"polemos-{__version__}/rules-12"


@dataclass
class Document:
    """One article travelling through the stages."""

    article: Article
    doc: Any = None
    actors: list[ActorMention] = field(default_factory=list)
    places: list[ResolvedPlace] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    reports: list[Event] = field(default_factory=list)
    relations: list[RelationRecord] = field(default_factory=list)


@dataclass(frozen=True)
class Stage:
    name: str
    needs: tuple[str, ...]
    adds: tuple[str, ...]
    run: Callable[[Document, Extractor], None]


STAGES: Registry[Stage] = Registry("pipeline stage")


def stage(name: str, needs: tuple[str, ...], adds: tuple[str, ...]) -> Callable[..., Any]:
    """Register a function ``(document, extractor) -> None`` as a pipeline stage."""

    def wrap(
        function: Callable[[Document, Extractor], None],
    ) -> Callable[[Document, Extractor], None]:
        STAGES.register(name)(Stage(name, needs, adds, function))
        return function

    return wrap


class Extractor:
    """Runs the configured stages on articles; loads resources once."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.version = PIPELINE_VERSION
        self.stages = [STAGES.get(name) for name in config["pipeline"]["stages"]]
        self._check_order()
        self._nlp: Any = None
        self._resolver: ActorResolver | None = None
        self._geocoder: Any = None
        self._regions: dict[str, str] | None = None

    def use_config(self, config: dict[str, Any]) -> None:
        """Switch to ``config`` (e.g. with a database's own actors); reloads the actors."""
        if config is not self.config:
            self.config = config
            self._resolver = None

    def _check_order(self) -> None:
        available = {"article"}
        for item in self.stages:
            missing = set(item.needs) - available
            if missing:
                raise ConfigError(
                    f"pipeline stage '{item.name}' needs {sorted(missing)} from an earlier stage"
                )
            available |= set(item.adds)

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = load_pipeline(self.config["nlp"]["model"])
        return self._nlp

    @property
    def resolver(self) -> ActorResolver:
        if self._resolver is None:
            # Actors a database adds (``polemos actors add/import``) travel in the config
            # as ``(entry, origin)`` pairs, so forked and Ray workers get them too.
            stored = self.config["actors"].get("stored_entries", [])
            graph = load_actor_graph(self.config["actors"]["extra_files"], stored)
            self._resolver = ActorResolver(graph)
        return self._resolver

    @property
    def geocoder(self) -> Any:
        if self._geocoder is None:
            from polemos.geo import Geocoder

            gazetteer = load_gazetteer(self.config)
            self._geocoder = Geocoder(gazetteer, self.config["geo"]["min_confidence"])
        return self._geocoder

    def source_region(self, article: Article) -> str | None:
        """The home region of the article's source (``region`` in the source registry)."""
        if self._regions is None:
            files = self.config.get("sources", {}).get("extra_files", [])
            self._regions = source_regions(load_registry(files))
        return region_of(self._regions, article.source, article.url)

    def warm_up(self) -> None:
        """Load every resource now (before forking workers or timing)."""
        _ = self.nlp, self.resolver, self.geocoder

    def extract(self, article: Article) -> list[Event]:
        """Event reports of one article."""
        return self.extract_many([article])[0]

    def extract_many(self, articles: list[Article]) -> list[list[Event]]:
        """Event reports of each article; spaCy parses the batch in one ``pipe`` call."""
        return [document.reports for document in self.process(articles)]

    def process(self, articles: list[Article]) -> list[Document]:
        """Every stage's results for each article (reports, relation claims, ...)."""
        documents = [Document(article) for article in articles]
        texts = [d.article.clean_text for d in documents]
        for document, doc in zip(documents, self.nlp.pipe(texts, batch_size=32), strict=True):
            document.doc = doc
        for document in documents:
            for item in self.stages:
                item.run(document, self)
            document.doc = None  # spaCy docs are large: keep only what the stages added
        return documents


def load_gazetteer(config: dict[str, Any]) -> Any:
    """The gazetteer with the configured cache directory and supplement files."""
    from polemos.geo import Gazetteer

    cache = config["geo"]["cache_dir"]
    supplements = config["geo"]["supplement_files"]
    return Gazetteer.load(cache_dir=Path(cache) if cache else None, supplement_files=supplements)


@stage("clean", needs=("article",), adds=("clean_text",))
def clean_stage(document: Document, extractor: Extractor) -> None:
    """Boilerplate removal (done at ingestion; redone only for records lacking it)."""
    article = document.article
    if not article.clean_text and article.text:
        clean, offsets = clean_text(article.text)
        document.article = article.model_copy(update={"clean_text": clean, "offsets": offsets})
    elif not article.offsets.segments:
        article.offsets = OffsetMap.identity(len(article.clean_text))


@stage("nlp", needs=("clean_text",), adds=("doc", "sentences"))
def nlp_stage(document: Document, extractor: Extractor) -> None:
    if document.doc is None:  # extract_many parses whole batches ahead of the stages
        document.doc = extractor.nlp(document.article.clean_text)
    document.sentences = split_sentences(document.doc)


@stage("actors", needs=("doc",), adds=("actors",))
def actors_stage(document: Document, extractor: Extractor) -> None:
    document.actors = extractor.resolver.resolve(document.doc)
    _distribute(document.sentences, document.actors, lambda m: m.clean_start, "actors")


@stage("places", needs=("doc", "actors"), adds=("places",))
def places_stage(document: Document, extractor: Extractor) -> None:
    exclude = [(m.clean_start, m.clean_end) for m in document.actors]
    region = extractor.source_region(document.article)
    document.places = extractor.geocoder.geocode(
        document.doc, document.article, exclude, region=region
    )
    _distribute(document.sentences, document.places, lambda p: p.mention.clean_start, "places")


@stage("dates", needs=("sentences",), adds=("dates",))
def dates_stage(document: Document, extractor: Extractor) -> None:
    published = document.article.published
    for sentence in document.sentences:
        sentence.dates = [_shift(m, sentence.start) for m in find_dates(sentence.text, published)]


@stage("events", needs=("sentences", "actors", "places", "dates"), adds=("reports",))
def events_stage(document: Document, extractor: Extractor) -> None:
    from polemos.classify import type_model

    model = type_model(extractor.config)
    document.reports = code_article(document.article, document.sentences, extractor.version, model)


@stage("relations", needs=("doc", "actors", "sentences", "dates"), adds=("relations",))
def relations_stage(document: Document, extractor: Extractor) -> None:
    """Relation claims between actors ("X pledged allegiance to Y") for the actor graph."""
    from polemos.graph import records_from_claims
    from polemos.relations import extract_relations

    dates = [d for sentence in document.sentences for d in sentence.dates]
    claims = extract_relations(document.article, document.doc, document.actors, dates)
    document.relations = records_from_claims(claims, document.article.source or "")


def _shift(mention: DateMention, offset: int) -> DateMention:
    return DateMention(
        mention.start + offset, mention.end + offset, mention.text, mention.value,
        mention.precision, mention.reason,
    )  # fmt: skip


def split_sentences(doc: Any) -> list[Sentence]:
    """spaCy sentences, further split at line breaks; ``paragraph`` is the line number."""
    text = doc.text
    sentences: list[Sentence] = []
    for sent in doc.sents:
        offset = sent.start_char
        for piece in text[sent.start_char : sent.end_char].split("\n"):
            stripped = piece.strip()
            if stripped:
                start = offset + piece.index(stripped)
                paragraph = text.count("\n", 0, start)
                sentences.append(Sentence(start, start + len(stripped), stripped, paragraph))
            offset += len(piece) + 1
    return sentences


def _distribute(
    sentences: list[Sentence], items: list[Any], position: Callable[[Any], int], name: str
) -> None:
    for sentence in sentences:
        setattr(sentence, name, [i for i in items if sentence.start <= position(i) < sentence.end])
