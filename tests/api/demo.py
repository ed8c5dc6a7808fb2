"""A demo database for the API and browser tests: the bundled samples plus one hostile
article (script tags in its text and title), built once per test session by the library."""

from __future__ import annotations

import json
from pathlib import Path

from polemos.config import load_config
from polemos.runner import run
from polemos.samples import samples_path
from polemos.store import open_store

XSS_ARTICLE_ID = "hostile-mosul"
XSS_SCRIPT = "<script>window.__polemos_xss = 1</script>"
XSS_IMG = '<img src=x onerror="window.__polemos_xss = 2">'
XSS_RECORD = {
    "id": XSS_ARTICLE_ID,
    "text": (
        f"Mosul attack {XSS_IMG}\n\nOn March 5, 2017, Islamic State militants attacked an Iraqi "
        f"army checkpoint in Mosul, killing three soldiers. {XSS_SCRIPT} The group claimed "
        "the attack the next day."
    ),
    "meta": {
        "published": "2017-03-06",
        "source": "Hostile Wire",
        "title": f"Checkpoint attack {XSS_SCRIPT}",
        "url": "javascript:alert(1)",
    },
}
_BUILT: dict[Path, Path] = {}


def build_demo_db(root: Path) -> Path:
    """The demo database under ``root`` (built on the first call, reused afterwards)."""
    if root in _BUILT:
        return _BUILT[root]
    root.mkdir(parents=True, exist_ok=True)
    extra = root / "extra"
    extra.mkdir(exist_ok=True)
    (extra / "hostile.jsonl").write_text(json.dumps(XSS_RECORD) + "\n", "utf-8")
    db = root / "demo.db"
    store = open_store(str(db))
    try:
        run(store, [samples_path(), extra], load_config(environ={}))
    finally:
        store.close()
    _BUILT[root] = db
    return db
