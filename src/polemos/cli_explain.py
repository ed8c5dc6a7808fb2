"""Event-coding commands: ``polemos explain EVENT_ID`` and ``polemos train types``.

Thin wrappers over ``polemos.explain`` and ``polemos.classify``/``polemos.evaluate``;
registered on the main app by ``polemos.cli``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from polemos.cli import DbOption, JsonOption, _config, guarded, opened_store, out

train_app = typer.Typer(help="Train the event coder's models.", no_args_is_help=True)


def explain(
    ctx: typer.Context,
    event_id: Annotated[str, typer.Argument(help="Event id (see `polemos events --json`).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show an event's sentence(s) with each field's evidence span marked."""
    from polemos.explain import explain_event

    def go() -> dict[str, Any]:
        with opened_store(_config(ctx), db, must_exist=True) as store:
            event, passages = explain_event(store, event_id)
        return {
            "event_id": event.event_id_cnty, "notes": event.notes,
            "passages": [{"article_id": p.article_id, "start": p.start, "end": p.end,
                          "marked": p.marked,
                          "fields": [e.model_dump() for e in p.fields]} for p in passages],
        }  # fmt: skip

    found = guarded(go)
    if as_json:
        out.print(json.dumps(found, ensure_ascii=False), markup=False)
        return
    out.print(f"{found['event_id']}: {found['notes']}", markup=False)
    for passage in found["passages"]:
        out.print(f"\n{passage['article_id']} [{passage['start']}:{passage['end']}]", markup=False)
        out.print(passage["marked"], markup=False)
        for item in passage["fields"]:
            span = f"[{item['start']}:{item['end']}]"
            out.print(f"  {item['field']:<16} {span:<12} {item['text']}", markup=False)


@train_app.command("types")
def train_types(
    ctx: typer.Context,
    gold: Annotated[Path, typer.Option("--gold", help="Labelled snippets (CASE 2021 format).")],
    out_path: Annotated[
        Path | None, typer.Option("--out", help="Model file (default: the cache directory).")
    ] = None,
    folds: Annotated[int, typer.Option(min=2, help="Cross-validation folds.")] = 5,
    as_json: JsonOption = False,
) -> None:
    """Cross-validate, then train a local sub-event-type model on your own labelled data."""
    from polemos.evaluate import train_types_model

    scores = guarded(lambda: train_types_model(gold, out_path, folds, _config(ctx)))
    if as_json:
        out.print(json.dumps(scores, ensure_ascii=False), markup=False)
        return
    out.print(
        f"{folds}-fold cross-validation on {gold} (n={scores['n']}): accuracy "
        f"{scores['accuracy']:.3f}  weighted F1 {scores['weighted_f1']:.3f}  "
        f"macro F1 {scores['macro_f1']:.3f}",
        markup=False,
    )
    out.print(f"wrote {scores['model_path']}", markup=False)
    out.print(f"use it with POLEMOS_EVENTS__TYPE_MODEL={scores['model_path']}", markup=False)


def register_event_commands(app: typer.Typer) -> None:
    """Add ``explain`` and ``train`` to the main app."""
    app.command()(explain)
    app.add_typer(train_app, name="train")
