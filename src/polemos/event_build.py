"""Building an ACLED-style ``Event`` from a coded unit: types, names, codes, evidence, tags."""

from __future__ import annotations

from polemos.actors import ActorMention
from polemos.codebook import BATTLES, DISORDER_TYPES, IMPLIED_ACTOR1, TERRITORY, VAC
from polemos.event_fields import Fatalities, is_region_fallback, pick_date, place_key
from polemos.event_units import Context, Trigger
from polemos.merge import WRITTEN_PLACE_TAG
from polemos.models import Actor, Article, Event, Evidence, ResolvedPlace, Span, short_id
from polemos.temporal import DateMention

VIOLENT_TYPES = {BATTLES, VAC, "Explosions/Remote violence"}
COUNTRY_FILLED = {"civilians", "protesters", "rioters", "police_forces", "military_forces",
                  "unidentified"}  # fmt: skip


def build_event(
    context: Context,
    index: int,
    trigger: Trigger,
    actors: tuple[ActorMention | None, ActorMention | None],
    place: ResolvedPlace | None,
    deaths: Fatalities,
    anchor: int,
) -> Event:
    """The event of unit ``index``; its date is the one nearest ``anchor`` (trigger or place)."""
    article, sentence = context.article, context.sentences[index]
    when, precision, basis, date_mention = pick_date(context, index, anchor)
    if when is not None and basis == "text" and precision == 1:
        context.narrative.append(when)
    correction = context.corrections.get(date_mention.start, "") if date_mention else ""
    event_type, sub_type = _type_for(trigger, actors)
    country = (place.place.country or "") if place and place.place else ""
    actor1 = _actor_name(actors[0], country) or _unidentified(event_type, country)
    actor2 = _actor_name(actors[1], country)
    inter1 = _inter(actors[0], actor1)
    inter2 = _inter(actors[1], actor2) if actor2 else None
    implied_agent = not actor1 and sub_type in IMPLIED_ACTOR1
    if implied_agent:  # ACLED conventions: arrests by police, protests by protesters ...
        actor1, inter1 = _implied_actor1(sub_type, country)
    implied_victims = event_type == VAC and not actor2
    if implied_victims:  # ACLED: violence against civilians always has civilian victims
        actor2, inter2 = (f"Civilians ({country})" if country else "Civilians"), 7
    evidence = [Evidence.of("notes", article.span(sentence.start, sentence.end))]
    evidence.append(Evidence.of("sub_event_type", article.span(trigger.start, trigger.end)))
    evidence += _actor_evidence(article, actors)
    if date_mention is not None:
        evidence.append(_evidence(article, "event_date", date_mention))
    if place is not None:
        evidence.append(Evidence.of("location", place.mention.span))
    evidence += [Evidence.of("fatalities", article.span(s, e)) for s, e in deaths[1]]
    geo = place.place if place else None
    report_id = short_id("rp", article.id, str(sentence.start), place_key(place) if place else "",
                         sub_type)  # fmt: skip
    return Event(
        event_id_cnty=report_id,
        event_date=when,
        year=when.year if when else None,
        time_precision=precision,
        disorder_type=DISORDER_TYPES[event_type],
        event_type=event_type,
        sub_event_type=sub_type,
        actor1=actor1,
        inter1=inter1,
        actor2=actor2,
        inter2=inter2,
        interaction=_interaction(inter1, inter2),
        civilian_targeting="Civilian targeting" if inter2 == 7 else "",
        iso=geo.iso_numeric if geo else None,
        region=(geo.region or "") if geo else "",
        country=(geo.country or "") if geo else "",
        admin1=(geo.admin1 or "") if geo else "",
        admin2=(geo.admin2 or "") if geo else "",
        location=_location_name(place),
        latitude=geo.latitude if geo else None,
        longitude=geo.longitude if geo else None,
        geo_precision=place.geo_precision if place else None,
        source=article.source or "",
        notes="",
        fatalities=deaths[0],
        tags=_join_tags(
            _tags(basis, place, actors[0]),
            "actor1:implied" if implied_agent else "",
            "actor2:implied" if implied_victims else "",
            correction,
        ),
        evidence=evidence,
        article_ids=[article.id],
        date_basis=basis,
        pipeline_version=context.version,
    )


IMPLIED_NAMES = {
    "police_forces": ("Police Forces of {country}", "Police Forces", 1),
    "protesters": ("Protesters ({country})", "Protesters", 6),
    "rioters": ("Rioters ({country})", "Rioters", 5),
}


def _implied_actor1(sub_type: str, country: str) -> tuple[str, int]:
    with_country, bare, inter = IMPLIED_NAMES[IMPLIED_ACTOR1[sub_type]]
    return (with_country.format(country=country) if country else bare), inter


def _join_tags(*tags: str) -> str:
    return "; ".join(tag for tag in tags if tag)


def _evidence(article: Article, field_name: str, mention: DateMention) -> Evidence:
    span: Span = article.span(mention.start, mention.end)
    return Evidence.of(field_name, span)


def _actor_evidence(
    article: Article, actors: tuple[ActorMention | None, ActorMention | None]
) -> list[Evidence]:
    found = []
    for field_name, mention in zip(("actor1", "actor2"), actors, strict=True):
        if mention is not None:
            found.append(
                Evidence.of(field_name, article.span(mention.clean_start, mention.clean_end))
            )
    return found


def _type_for(
    trigger: Trigger, actors: tuple[ActorMention | None, ActorMention | None]
) -> tuple[str, str]:
    rule = trigger.rule
    actor1, actor2 = actors
    if rule.sub_event_type == TERRITORY:
        state = actor1 is not None and actor1.actor.inter == 1
        return (
            BATTLES,
            "Government regains territory" if state else "Non-state actor overtakes territory",
        )
    if rule.event_type == BATTLES and actor2 is not None and actor2.actor.inter == 7:
        return VAC, "Attack"
    return rule.event_type, rule.sub_event_type


def _actor_name(mention: ActorMention | None, country: str) -> str:
    if mention is None:
        return ""
    actor: Actor = mention.actor
    if actor.id in ("police_forces", "military_forces"):
        return f"{actor.name} of {country}" if country else actor.name
    if actor.id in COUNTRY_FILLED:
        return f"{actor.name} ({country})" if country else actor.name
    return actor.name


def _unidentified(event_type: str, country: str) -> str:
    if event_type not in VIOLENT_TYPES:
        return ""
    return f"Unidentified Armed Group ({country})" if country else "Unidentified Armed Group"


def _inter(mention: ActorMention | None, name: str) -> int | None:
    if mention is not None:
        return mention.actor.inter
    return 3 if name.startswith("Unidentified") else None


def _interaction(inter1: int | None, inter2: int | None) -> int | None:
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def _location_name(place: ResolvedPlace | None) -> str:
    """The gazetteer name; a place the gazetteer lacks keeps the name as written."""
    if place is None or place.place is None:
        return ""
    return place.mention.span.text if is_region_fallback(place) else place.place.name


def _tags(basis: str, place: ResolvedPlace | None, actor1: ActorMention | None) -> str:
    tags = []
    if basis != "text":
        tags.append(f"date:{basis}")
    if place is None:
        tags.append("place:unresolved")
    elif is_region_fallback(place) and place.place is not None:
        tags.append(f"{WRITTEN_PLACE_TAG} '{place.mention.span.text}' at {place.place.name}")
    if actor1 is not None and actor1.kind in {"descriptor", "provisional"}:
        tags.append(f"actor1:{actor1.kind}")
    return "; ".join(tags)
