"""``polemos eval``: score the pipeline's own output on gold files (shared/gold format).

Tasks are registered in ``EVAL_TASKS``.  Every score is computed from what the pipeline
extracts from the gold *text*; the gold labels are only compared against, never read as
predictions.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from polemos.actors import alias_key
from polemos.classify import Example
from polemos.errors import GoldFormatError
from polemos.ingest import clean_text
from polemos.merge import distance_km
from polemos.models import Article, DateSource, Event, content_hash
from polemos.pipeline import Extractor
from polemos.registry import Registry

EvalTask = Callable[[list[dict[str, Any]], Extractor], dict[str, Any]]
EVAL_TASKS: Registry[EvalTask] = Registry("eval task")
MATCH_KM = 50.0


def read_gold(path: Path) -> list[dict[str, Any]]:
    """Gold records; a clear error names the file and line of any bad record.

    A record carries its text inline (``text``) or refers to a text held elsewhere, so a
    coding kept in this repository never copies a licensed article: ``text_ref`` (``{"file":
    "re3d.dev.jsonl", "id": ...}``, a record of a shared gold file) or ``text_file`` (a path
    relative to the shared directory, e.g. ``seeds/000.txt``).  See :func:`resolve_texts`.
    """
    records = _read_records(path)
    for number, record in records:
        if "id" not in record or not any(key in record for key in TEXT_KEYS):
            raise GoldFormatError(
                f"{path}:{number}: a gold record needs 'id' and one of {', '.join(TEXT_KEYS)}"
            )
    return resolve_texts([record for _, record in records], path)


TEXT_KEYS = ("text", "text_ref", "text_file")


def _read_records(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(line number, JSON object) for each non-empty line of a JSONL file."""
    try:
        lines = path.read_text("utf-8").split("\n")  # JSON text may hold U+2028
    except (OSError, UnicodeDecodeError) as error:
        raise GoldFormatError(f"{path}: cannot read gold file: {error}") from None
    records = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise GoldFormatError(f"{path}:{number}: invalid JSON: {error.msg}") from None
        if not isinstance(record, dict):
            raise GoldFormatError(f"{path}:{number}: a gold record must be a JSON object")
        records.append((number, record))
    return records


def shared_dir_candidates(gold: Path) -> list[Path]:
    """Where a referenced text may live: ``shared/`` beside any ancestor of the gold file
    (the layout ``work/main`` + ``work/shared``), then beside the working directory's."""
    seen: list[Path] = []
    for start in (gold.resolve().parent, Path.cwd().resolve()):
        for folder in (start, *start.parents):
            candidate = folder / "shared"
            if candidate not in seen:
                seen.append(candidate)
    return seen


def find_shared_dir(gold: Path, needed: str) -> Path:
    """The first shared directory candidate that holds ``needed`` (a relative path)."""
    candidates = shared_dir_candidates(gold)
    for candidate in candidates:
        if (candidate / needed).is_file():
            return candidate
    raise GoldFormatError(
        f"{gold}: the referenced file {needed} is not in any shared directory "
        f"(looked in {', '.join(str(c) for c in candidates[:3])}, ...)",
        hint="put the shared gold data at ../shared next to the repository",
    )


def resolve_texts(records: list[dict[str, Any]], gold: Path) -> list[dict[str, Any]]:
    """Fill ``text`` of records that reference it (``text_ref`` / ``text_file``).

    A missing referenced file or id is a ``GoldFormatError`` naming the coding file, the
    record and the reference; an optional ``sha256`` prefix in ``text_ref`` pins the text.
    """
    files: dict[str, dict[str, str]] = {}
    for record in records:
        if "text" in record:
            continue
        if "text_file" in record:
            record["text"] = _text_file(record, gold)
            continue
        record["text"] = _referenced_text(record, gold, files)
    return records


def _text_file(record: dict[str, Any], gold: Path) -> str:
    relative = str(record["text_file"])
    path = find_shared_dir(gold, relative) / relative
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise GoldFormatError(
            f"{gold}: record {record['id']}: cannot read {path}: {error}"
        ) from None


def _referenced_text(record: dict[str, Any], gold: Path, files: dict[str, dict[str, str]]) -> str:
    ref = record["text_ref"]
    if not isinstance(ref, dict) or "file" not in ref or "id" not in ref:
        raise GoldFormatError(f"{gold}: record {record['id']}: text_ref needs 'file' and 'id'")
    name = str(ref["file"])
    if name not in files:
        path = find_shared_dir(gold, f"gold/{name}") / "gold" / name
        files[name] = {str(r["id"]): str(r.get("text", "")) for _, r in _read_records(path)}
    text = files[name].get(str(ref["id"]))
    if text is None:
        raise GoldFormatError(
            f"{gold}: record {record['id']}: id {ref['id']} is not in the referenced file {name}"
        )
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if ref.get("sha256") and not digest.startswith(str(ref["sha256"])):
        raise GoldFormatError(
            f"{gold}: record {record['id']}: the text of {name} id {ref['id']} changed "
            f"(sha256 {digest[:16]}, the coding expects {ref['sha256']}): recheck the coding"
        )
    return text


def gold_article(record: dict[str, Any]) -> Article:
    """An Article built from a gold record's text and metadata."""
    text = str(record["text"])
    clean, offsets = clean_text(text)
    meta = record.get("meta") or {}
    published = date.fromisoformat(meta["published"]) if meta.get("published") else None
    return Article(
        id=str(record["id"]), source=meta.get("source"), title=meta.get("title"),
        published=published,
        published_from=DateSource.METADATA if published else DateSource.NONE,
        text=text, clean_text=clean, offsets=offsets, content_hash=content_hash(text),
        origin=f"gold:{record['id']}", format="jsonl",
    )  # fmt: skip


def evaluate(task: str, gold: Path, config: dict[str, Any]) -> dict[str, Any]:
    """Run ``task`` over the gold file and return its scores."""
    scorer = EVAL_TASKS.get(task)
    records = read_gold(gold)
    scores = scorer(records, Extractor(config))
    scores["task"] = task
    scores["gold"] = str(gold)
    return scores


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(precision, 4),
            "recall": round(recall, 4), "f1": round(f1, 4)}  # fmt: skip


def _date_fits(pred: Event, gold: dict[str, Any]) -> bool:
    if pred.event_date is None:
        return False
    wanted = [date.fromisoformat(gold["event_date"])]
    wanted += [date.fromisoformat(d) for d in gold.get("alt_dates") or []]
    window = int(gold.get("date_window_days") or 0)
    return any(abs((pred.event_date - w).days) <= window for w in wanted)


def _place_fits(pred: Event, gold: dict[str, Any]) -> bool:
    if gold.get("geo_precision") == 3 and pred.admin1:
        return alias_key(pred.admin1) == alias_key(str(gold.get("admin1", "")))
    probe = Event(event_id_cnty="gold", event_type="", sub_event_type="",
                  latitude=gold.get("latitude"), longitude=gold.get("longitude"))  # fmt: skip
    km = distance_km(pred, probe)
    return km is not None and km <= MATCH_KM


def _actor_fits(predicted: str, accepted: list[str] | None) -> bool:
    if not accepted:
        return not predicted
    keys = {alias_key(name) for name in accepted}
    return alias_key(predicted) in keys or alias_key(predicted.split(" (")[0]) in keys


def _match(preds: list[Event], golds: list[dict[str, Any]]) -> list[tuple[Event, dict[str, Any]]]:
    pairs = []
    free = list(preds)
    for gold in sorted(golds, key=lambda g: bool(g.get("optional"))):  # required ones first
        candidates = [p for p in free if _date_fits(p, gold) and _place_fits(p, gold)]
        if candidates:
            same_type = [p for p in candidates if p.sub_event_type == gold["sub_event_type"]]
            chosen = (same_type or candidates)[0]
            free.remove(chosen)
            pairs.append((chosen, gold))
    return pairs


@EVAL_TASKS.register("events")
def score_events(records: list[dict[str, Any]], extractor: Extractor) -> dict[str, Any]:
    """Whole-article event coding against ACLED-style gold events."""
    counts: Counter[str] = Counter()
    by_type: dict[str, Counter[str]] = {}
    fields: Counter[str] = Counter()
    errors_km: list[float | None] = []
    for record in records:
        preds = extractor.extract(gold_article(record))
        golds = record.get("events") or []
        pairs = _match(preds, golds)
        matched_ids = {id(p) for p, _ in pairs}
        for pred, gold in pairs:
            if gold.get("optional"):  # neither rewarded nor penalised
                continue
            key = "tp" if pred.event_type == gold["event_type"] else "mismatch"
            _count(counts, by_type, key, pred.event_type, gold["event_type"])
            _field_scores(fields, pred, gold)
            errors_km.append(_location_error_km(pred, gold))
        for pred in preds:
            if id(pred) not in matched_ids:
                _count(counts, by_type, "fp", pred.event_type, None)
        for gold in golds:
            if not gold.get("optional") and not any(g is gold for _, g in pairs):
                _count(counts, by_type, "fn", None, gold["event_type"])
    result = _events_result(records, counts, by_type, fields)
    result.update(_location_summary(errors_km))
    return result


def _location_error_km(pred: Event, gold: dict[str, Any]) -> float | None:
    probe = Event(event_id_cnty="gold", event_type="", sub_event_type="",
                  latitude=gold.get("latitude"), longitude=gold.get("longitude"))  # fmt: skip
    return distance_km(pred, probe)


def _location_summary(errors_km: list[float | None]) -> dict[str, Any]:
    """Median distance (km) between matched events' predicted and gold coordinates."""
    known = sorted(km for km in errors_km if km is not None)
    if not known:
        return {"located_events": 0}
    middle = len(known) // 2
    median = known[middle] if len(known) % 2 else (known[middle - 1] + known[middle]) / 2
    return {"located_events": len(known), "median_error_km": round(median, 2)}


def _count(
    counts: Counter[str], by_type: dict[str, Counter[str]], key: str,
    pred_type: str | None, gold_type: str | None,
) -> None:  # fmt: skip
    if key == "mismatch":
        _count(counts, by_type, "fp", pred_type, None)
        _count(counts, by_type, "fn", None, gold_type)
        return
    counts[key] += 1
    event_type = gold_type if key in ("tp", "fn") else pred_type
    by_type.setdefault(str(event_type), Counter())[key] += 1


def _field_scores(fields: Counter[str], pred: Event, gold: dict[str, Any]) -> None:
    fields["matched"] += 1
    fields["event_type"] += pred.event_type == gold["event_type"]
    fields["sub_event_type"] += pred.sub_event_type == gold["sub_event_type"]
    fields["actor1"] += _actor_fits(pred.actor1, gold.get("actor1"))
    fields["actor2"] += _actor_fits(pred.actor2, gold.get("actor2"))
    fields["fatalities"] += pred.fatalities == int(gold.get("fatalities") or 0)
    fields["event_date_exact"] += pred.event_date == date.fromisoformat(gold["event_date"])
    fields["geo_precision"] += pred.geo_precision == gold.get("geo_precision")


def _events_result(
    records: list[dict[str, Any]], counts: Counter[str],
    by_type: dict[str, Counter[str]], fields: Counter[str],
) -> dict[str, Any]:  # fmt: skip
    result: dict[str, Any] = {"n": len(records)}
    result.update(prf(counts["tp"], counts["fp"], counts["fn"]))
    result["by_type"] = {t: prf(c["tp"], c["fp"], c["fn"]) for t, c in sorted(by_type.items())}
    matched = fields.pop("matched", 0)
    result["matched_events"] = matched
    result["field_accuracy"] = (
        {k: round(v / matched, 4) for k, v in sorted(fields.items())} if matched else {}
    )
    return result


def gold_sub_type(record: dict[str, Any]) -> str:
    """The ACLED sub-event type of a CASE-style snippet record; other classes are NONE."""
    events = record.get("events") or []
    return str((events[0].get("acled_sub_event_type") if events else None) or "NONE")


@EVAL_TASKS.register("types")
def score_types(records: list[dict[str, Any]], extractor: Extractor) -> dict[str, Any]:
    """ACLED sub-event type of snippets (CASE 2021 task 2): codebook rules + classifier.

    Each snippet is typed as a whole by the same rule/classifier combination the event
    coder applies to each sentence, with the configured type model (the shipped one by
    default).  Non-ACLED classes count as NONE.
    """
    from polemos.classify import type_model
    from polemos.events import classify_snippet

    model = type_model(extractor.config)
    pairs = [(gold_sub_type(r), classify_snippet(str(r["text"]), model)) for r in records]
    result = type_scores(pairs)
    result["model"] = model.origin
    return result


def type_scores(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Accuracy, micro P/R/F1 over event classes, weighted and macro F1, confusions."""
    counts: Counter[str] = Counter()
    by_type: dict[str, Counter[str]] = {}
    for gold, pred in pairs:
        for label, key in _type_outcomes(pred, gold):
            counts[key] += 1
            if label != "_all":
                by_type.setdefault(label, Counter())[key] += 1
        if gold == "NONE" or pred == "NONE":  # NONE is a class of its own for per-class F1
            key_none = "tp" if gold == pred else ("fn" if gold == "NONE" else "fp")
            by_type.setdefault("NONE", Counter())[key_none] += 1
    result: dict[str, Any] = {"n": len(pairs)}
    result.update(prf(counts["tp"], counts["fp"], counts["fn"]))
    per_class = {t: prf(c["tp"], c["fp"], c["fn"]) for t, c in sorted(by_type.items())}
    result["by_type"] = per_class
    result["accuracy"] = round(counts["tp_any"] / len(pairs), 4) if pairs else 0.0
    support = Counter(gold for gold, _ in pairs)
    result.update(_averaged_f1(per_class, support))
    confusions = Counter((gold, pred) for gold, pred in pairs if gold != pred)
    result["confusions"] = [
        {"gold": gold, "predicted": pred, "count": count}
        for (gold, pred), count in sorted(confusions.items(), key=lambda x: (-x[1], x[0]))
    ]
    return result


def _averaged_f1(
    per_class: dict[str, dict[str, float | int]], support: Counter[str]
) -> dict[str, float]:
    """Weighted (by gold support) and macro F1, with and without the NONE class."""
    result = {}
    for suffix, labels in (("", list(support)), ("_acled", [x for x in support if x != "NONE"])):
        total = sum(support[x] for x in labels)
        f1s = {x: float(per_class.get(x, {}).get("f1", 0.0)) for x in labels}
        weighted = sum(f1s[x] * support[x] for x in labels) / total if total else 0.0
        macro = sum(f1s.values()) / len(labels) if labels else 0.0
        result[f"weighted_f1{suffix}"] = round(weighted, 4)
        result[f"macro_f1{suffix}"] = round(macro, 4)
    return result


def gold_examples(records: list[dict[str, Any]]) -> list[Example]:
    """Training examples from labelled snippets (CASE 2021 task 2 format)."""
    return [Example(str(r["text"]), gold_sub_type(r)) for r in records]


def stratified_folds(records: list[dict[str, Any]], folds: int) -> list[int]:
    """A fold number per record: each label dealt round-robin over the folds, in id order."""
    assigned = [0] * len(records)
    seen: Counter[str] = Counter()
    order = sorted(
        range(len(records)), key=lambda i: (gold_sub_type(records[i]), str(records[i]["id"]))
    )
    for index in order:
        label = gold_sub_type(records[index])
        assigned[index] = seen[label] % folds
        seen[label] += 1
    return assigned


def cross_validate_types(
    records: list[dict[str, Any]],
    folds: int = 5,
    with_shipped: bool = True,
    embeddings: bool | None = None,
    encoder: str | None = None,
) -> dict[str, Any]:
    """k-fold scores of models trained on the user's gold (plus the shipped examples).

    ``embeddings`` switches the optional dense head (None: the environment variable);
    ``encoder`` names its sentence encoder (None: the configured one)."""
    from polemos.classify import read_examples, shipped_examples_text, train
    from polemos.events import classify_snippet

    if folds < 2 or folds > len(records):
        raise GoldFormatError(f"cannot split {len(records)} records into {folds} folds")
    base = read_examples(shipped_examples_text(), "type_examples.tsv") if with_shipped else []
    fold_of = stratified_folds(records, folds)
    pairs: list[tuple[str, str]] = []
    for fold in range(folds):
        held = [r for r, f in zip(records, fold_of, strict=True) if f == fold]
        kept = [r for r, f in zip(records, fold_of, strict=True) if f != fold]
        model = train([*base, *gold_examples(kept)], origin="cross-validation",
                      embeddings=embeddings, encoder=encoder)  # fmt: skip
        pairs += [(gold_sub_type(r), classify_snippet(str(r["text"]), model)) for r in held]
    result = type_scores(pairs)
    result["folds"] = folds
    result["with_shipped_examples"] = with_shipped
    return result


def train_types_model(
    gold: Path, out: Path | None, folds: int, config: dict[str, Any]
) -> dict[str, Any]:
    """Cross-validate on ``gold``, then train on all of it (plus the shipped examples).

    The model is written to ``out`` (default: the user cache directory), never into the
    package: a model trained on licensed data stays with the user who holds the data.
    """
    from polemos.classify import cache_dir, read_examples, save_model, shipped_examples_text, train
    from polemos.type_embeddings import embeddings_enabled, encoder_name

    dense = embeddings_enabled(config)  # events.type_embeddings, else the environment variable
    encoder = encoder_name(config)
    records = read_gold(gold)
    scores = cross_validate_types(records, folds, embeddings=dense, encoder=encoder)
    base = read_examples(shipped_examples_text(), "type_examples.tsv")
    model = train([*base, *gold_examples(records)], origin=f"local:{gold.name}", embeddings=dense,
                  encoder=encoder)  # fmt: skip
    path = out or cache_dir() / "types-local.npz"
    save_model(model, path)
    scores["model_path"] = str(path)
    return scores


def _type_outcomes(pred: str, gold: str) -> Iterator[tuple[str, str]]:
    if pred == gold:
        yield "_all", "tp_any"
        if gold != "NONE":
            yield gold, "tp"
        return
    if pred != "NONE":
        yield pred, "fp"
    if gold != "NONE":
        yield gold, "fn"


def format_scores(scores: dict[str, Any]) -> str:
    """Human-readable summary of a score dict."""
    lines = [
        f"task {scores['task']} on {scores['gold']} (n={scores['n']})",
        f"precision {scores['precision']:.3f}  recall {scores['recall']:.3f}"
        f"  f1 {scores['f1']:.3f}",
    ]
    for name, value in sorted(scores.get("by_type", {}).items()):
        lines.append(f"  {name:<40} {_score_row(value)}")
    for name, value in sorted(scores.get("field_accuracy", {}).items()):
        lines.append(f"  field {name:<34} accuracy {value:.3f}")
    for name in (
        "accuracy",
        "weighted_f1",
        "macro_f1",
        "weighted_f1_acled",
        "macro_f1_acled",
        "accuracy_161km",
        "end_to_end_161km",
        "median_error_km",
    ):
        if isinstance(scores.get(name), int | float):
            lines.append(f"{name} {scores[name]:.3f}")
    for item in scores.get("confusions", [])[:10]:
        lines.append(f"  confused {item['gold']} -> {item['predicted']}: {item['count']}")
    for miss in scores.get("worst_misses", [])[:10]:
        lines.append(f"  miss {json.dumps(miss, ensure_ascii=False)}")
    return "\n".join(lines)


ROW_ABBREVIATIONS = {"precision": "p", "recall": "r", "f1": "f1"}


def _score_row(value: dict[str, Any]) -> str:
    """One nested score dict as ``p 0.900 r 0.800 f1 0.847``; a row without precision,
    recall and F1 (e.g. geo's per-kind rows) shows its numbers by name."""
    if all(key in value for key in ROW_ABBREVIATIONS):
        value = {key: value[key] for key in ROW_ABBREVIATIONS}
    parts = []
    for key, number in value.items():
        if isinstance(number, float):
            parts.append(f"{ROW_ABBREVIATIONS.get(key, key)} {number:.3f}")
        elif isinstance(number, int) and not isinstance(number, bool):
            parts.append(f"{key} {number}")
    return " ".join(parts)


def _register_component_tasks() -> None:
    """Tasks that live next to their component register on import."""
    import polemos.coref  # noqa: F401  (registers "coref")
    import polemos.eval_actors  # noqa: F401  (registers "ner", "relations", "actors")
    import polemos.geo.scoring  # noqa: F401  (registers "geo")


_register_component_tasks()
