"""Tests of ``iter_inputs``: every input format and every kind of bad input."""

from __future__ import annotations

import gzip
import io
import json
import random
from datetime import date
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from polemos.ingest import iter_inputs
from polemos.models import Article, DateSource, Rejection, content_hash

BODY = (
    "Gunmen attacked a police checkpoint near Maiduguri on Monday, killing three officers.\n"
    "\n"
    "Share this:\n"
    "\n"
    "The army said troops repelled the attack and arrested two suspects.\n"
)
PAGE = """<html><head><title>Checkpoint attacked</title>
<meta property="og:site_name" content="Borno Daily">
<meta property="article:published_time" content="2021-06-07T09:00:00Z">
<link rel="canonical" href="https://www.bornodaily.example/news/1"></head>
<body><nav>Home | News</nav><article><h1>Checkpoint attacked</h1>
<p>Gunmen attacked a police checkpoint near Maiduguri on Monday, killing three officers.</p>
<p>The army said troops repelled the attack and arrested two suspects.</p></article>
</body></html>"""
RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Conflict Wire</title>
<link>https://wire.example.com</link>
<item><title>Clashes in Deir ez-Zor</title><link>https://wire.example.com/1</link>
<pubDate>Tue, 07 Feb 2017 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Fighting between the SDF and ISIS killed five fighters near
Deir ez-Zor.&lt;/p&gt;&lt;p&gt;Two civilians were wounded.&lt;/p&gt;</description></item>
<item><title>Shelling in Idlib</title><link>https://wire.example.com/2</link>
<description>Government artillery shelled the outskirts of Idlib city overnight.</description>
</item></channel></rss>"""


def _items(paths, **kwargs) -> list[Article | Rejection]:
    return list(iter_inputs(paths, **kwargs))


def _only_article(paths, **kwargs) -> Article:
    items = _items(paths, **kwargs)
    assert len(items) == 1 and isinstance(items[0], Article), items
    return items[0]


def _warc(path: Path, page: bytes, *, gz: bool, date_header: str = "2019-03-02T10:00:00Z") -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    records = [
        ("https://www.example.org/a", "text/html; charset=utf-8", page),
        ("https://www.example.org/logo.png", "image/png", b"\x89PNG\r\n"),
    ]
    for uri, kind, payload in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.0")
        record = writer.create_warc_record(
            uri,
            "response",
            payload=io.BytesIO(payload),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": date_header},
        )
        writer.write_record(record)
    path.write_bytes(buffer.getvalue())


def _assert_offsets(article: Article, seed: int = 0) -> None:
    """Random ranges inside kept lines map back onto ``article.text``."""
    rng = random.Random(seed)
    position = 0
    for line in article.clean_text.splitlines(keepends=True):
        for _ in range(10):
            a = rng.randint(position, position + len(line))
            b = rng.randint(a, position + len(line))
            span = article.span(a, b)
            assert span.text == article.clean_text[a:b]
            assert article.text[span.start : span.end] == article.clean_text[a:b]
        position += len(line)


def test_readers_txt_keeps_crlf_and_offsets(tmp_path: Path) -> None:
    text = BODY.replace("\n", "\r\n")
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode("utf-8"))
    article = _only_article([path])
    assert article.text == text
    assert "\r\n" in article.clean_text and "Share this" not in article.clean_text
    assert article.id == "art_" + content_hash(text)[:16]
    assert article.content_hash == content_hash(text)
    assert (article.format, article.origin, article.source) == ("txt", str(path), None)
    assert article.published_from is DateSource.NONE
    assert "no_published_date" in article.flags
    _assert_offsets(article)


def test_readers_md_with_cli_date(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text(BODY, encoding="utf-8")
    article = _only_article([tmp_path], published=date(2021, 6, 8))
    assert article.format == "md"
    assert (article.published, article.published_from) == (date(2021, 6, 8), DateSource.CLI)
    assert article.flags == []


def test_readers_jsonl_records_and_offsets(tmp_path: Path) -> None:
    records = [
        {"id": "doc-1", "text": BODY, "meta": {"published": "2021-06-07", "source": "Wire",
                                              "title": "T", "url": "https://x.example/1"}},
        {"id": "doc-2", "text": "Title\r\n\r\nSoldiers clashed with militants in the hills.",
         "labels": ["ignored"]},
    ]  # fmt: skip
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    first, second = _items([path], published=date(2020, 1, 1))
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.id, first.source, first.title) == ("doc-1", "Wire", "T")
    assert first.url == "https://x.example/1"
    assert (first.published, first.published_from) == (date(2021, 6, 7), DateSource.METADATA)
    assert (second.published, second.published_from) == (date(2020, 1, 1), DateSource.CLI)
    assert first.origin == f"{path}:1" and second.origin == f"{path}:2"
    assert second.text == records[1]["text"]
    for seed, article in enumerate((first, second)):
        _assert_offsets(article, seed)


def test_readers_html_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    article = _only_article([path])
    assert "killing three officers" in article.text and "Home | News" not in article.text
    assert (article.published, article.published_from) == (date(2021, 6, 7), DateSource.HTML)
    assert article.title == "Checkpoint attacked"
    assert article.url == "https://www.bornodaily.example/news/1"
    assert article.source == "Borno Daily"
    assert article.format == "html"
    _assert_offsets(article)


def test_readers_warc_plain_and_gzip(tmp_path: Path) -> None:
    page = PAGE.replace("2021-06-07T09:00:00Z", "")
    _warc(tmp_path / "a.warc", page.encode("utf-8"), gz=False)
    _warc(tmp_path / "b.warc.gz", page.encode("utf-8"), gz=True)
    items = _items([tmp_path])
    assert [item.origin for item in items] == [
        f"{tmp_path / 'a.warc'}#record 1",
        f"{tmp_path / 'b.warc.gz'}#record 1",
    ]
    for article in items:
        assert isinstance(article, Article) and article.format == "warc"
        assert article.url == "https://www.example.org/a"
        assert (article.published, article.published_from) == (
            date(2019, 3, 2),
            DateSource.METADATA,
        )
        assert "repelled the attack" in article.clean_text


def test_readers_warc_html_date_wins(tmp_path: Path) -> None:
    _warc(tmp_path / "a.warc.gz", PAGE.encode("utf-8"), gz=True)
    article = _only_article([tmp_path])
    assert (article.published, article.published_from) == (date(2021, 6, 7), DateSource.HTML)


def test_readers_rss_entries(tmp_path: Path) -> None:
    path = tmp_path / "wire.rss"
    path.write_text(RSS, encoding="utf-8")
    first, second = _items([path])
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.text == (
        "Fighting between the SDF and ISIS killed five fighters near Deir ez-Zor.\n\n"
        "Two civilians were wounded."
    )
    assert (first.source, first.url, first.title) == (
        "Conflict Wire",
        "https://wire.example.com/1",
        "Clashes in Deir ez-Zor",
    )
    assert (first.published, first.published_from) == (date(2017, 2, 7), DateSource.METADATA)
    assert second.published_from is DateSource.NONE and "no_published_date" in second.flags
    assert (first.origin, second.origin) == (f"{path}#entry 1", f"{path}#entry 2")
    assert first.format == "feed"


def test_readers_atom_xml_feed(tmp_path: Path) -> None:
    atom = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<entry><title>Raid</title><link href="https://atom.example.net/raid"/>
<updated>2018-04-05T12:00:00Z</updated>
<content type="html">&lt;p&gt;Police raided a militant hideout in Peshawar,
arresting four.&lt;/p&gt;</content>
</entry></feed>"""
    (tmp_path / "feed.xml").write_text(atom, encoding="utf-8")
    article = _only_article([tmp_path])
    assert article.text == "Police raided a militant hideout in Peshawar, arresting four."
    assert (article.source, article.published) == ("Atom Wire", date(2018, 4, 5))


def _write_bad_inputs(root: Path) -> dict[str, str]:
    """One file per bad-input kind; returns origin -> expected rejection code."""
    files: dict[str, tuple[bytes, str]] = {
        "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        "empty.txt": (b"", "empty"),
        "blank.md": (b"  \n\t\n", "empty"),
        "short.txt": (b"Share this:\nToo short.\n", "empty"),
        "latin1.txt": ("Caf\u00e9 attacked in the town.".encode("latin-1") * 3, "encoding"),
        "broken.html": (b"<html><body><div><<< >>></div><script>x = 1;</scr", "no_text"),
        "corrupt.warc.gz": (b"\x1f\x8b\x08\x00" + bytes(range(1, 200)), "corrupt"),
        "truncated.warc.gz": (b"", "corrupt"),
        "truncated.warc": (b"", "corrupt"),
        "notes.docx": (b"PK\x03\x04", "unsupported"),
        "large.txt": (b"x" * 5000, "too_large"),
        "notfeed.xml": (b"<root><a>hello</a></root>", "unsupported"),
    }
    expected = {}
    for name, (data, code) in files.items():
        (root / name).write_bytes(data)
        expected[str(root / name)] = code
    for name, gz in (("truncated.warc.gz", True), ("truncated.warc", False)):
        _warc(root / name, PAGE.encode("utf-8"), gz=gz)
        (root / name).write_bytes((root / name).read_bytes()[:600])
    plain = str(root / "truncated.warc")
    expected[f"{plain}#record 1"] = expected.pop(plain)
    return expected


def test_readers_mixed_directory_rejects_each_bad_input(tmp_path: Path) -> None:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "good.txt").write_text(BODY, encoding="utf-8")
    (root / "good.html").write_text(PAGE, encoding="utf-8")
    expected = _write_bad_inputs(root)
    good_lines = [json.dumps({"id": f"g{i}", "text": BODY}) for i in (1, 2)]
    bad_date = {"id": "d", "text": BODY, "meta": {"published": "07/06/2021"}}
    bad_lines = [
        "{not json",
        json.dumps({"text": BODY}),
        json.dumps({"id": "x"}),
        json.dumps(bad_date),
    ]
    jsonl = root / "mixed.jsonl"
    jsonl.write_text("\n".join([good_lines[0], *bad_lines, good_lines[1]]) + "\n", "utf-8")
    expected.update({f"{jsonl}:{n}": "malformed" for n in (2, 3, 4, 5)})
    missing = tmp_path / "missing.txt"
    expected[str(missing)] = "unreadable"
    config = {"ingest": {"min_chars": 40, "max_bytes": 4000}}
    items = _items([root, missing], config=config)
    rejected = {item.origin: item.code for item in items if isinstance(item, Rejection)}
    assert rejected == expected
    articles = [item for item in items if isinstance(item, Article)]
    assert sorted(a.origin for a in articles) == sorted(
        [str(root / "good.html"), str(root / "sub" / "good.txt"), f"{jsonl}:1", f"{jsonl}:6"]
    )
    assert all(item.reason and item.at is None for item in items if isinstance(item, Rejection))


def test_readers_rejection_reasons_are_specific(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"Valid start of the text \xff\xfe then garbage.")
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text('{"id": "a", "text": "x"}\n{broken\n', encoding="utf-8")
    reasons = {r.origin: r.reason for r in _items([tmp_path]) if isinstance(r, Rejection)}
    assert "byte offset 24" in reasons[str(tmp_path / "bad.txt")]
    assert "line 2" in reasons[f"{jsonl}:2"]
    assert "min_chars" in reasons[f"{jsonl}:1"]


def test_readers_deterministic_order(tmp_path: Path) -> None:
    for name in ("c.txt", "a.txt", "b/z.txt", "b/a.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"{name}: {BODY}", encoding="utf-8")
    origins = [item.origin for item in _items([tmp_path])]
    assert origins == [str(tmp_path / n) for n in ("a.txt", "b/a.txt", "b/z.txt", "c.txt")]
    assert origins == [item.origin for item in _items([str(tmp_path)])]


def test_readers_gzip_corrupt_midstream(tmp_path: Path) -> None:
    data = bytearray(gzip.compress(b"WARC/1.0\r\n" + b"A" * 5000))
    data[30:60] = b"\xff" * 30
    (tmp_path / "bad.warc.gz").write_bytes(bytes(data))
    (item,) = _items([tmp_path])
    assert isinstance(item, Rejection) and item.code == "corrupt"


def test_readers_seed_texts_offsets() -> None:
    seeds = Path("/work/shared/seeds")
    if not seeds.is_dir():
        pytest.skip("seed articles not present")
    items = _items([seeds], published=date(2017, 2, 10))
    assert items and all(isinstance(item, Article) for item in items)
    for seed, article in enumerate(items):
        assert isinstance(article, Article)
        assert "Support SouthFront" not in article.clean_text
        assert article.published_from is DateSource.CLI
        _assert_offsets(article, seed)
