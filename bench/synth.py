"""Synthetic but varied conflict-news articles for benchmarks (deterministic, seeded).

Each article mixes event sentences (clashes, captures, strikes, bombings, protests,
arrests) with background sentences, over real place names and actors, so that every
stage of the pipeline does real work and near-duplicate detection does not fold copies.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

PLACES = [
    ("Kafr Zeita", "Hama"), ("Morek", "Hama"), ("Khan Sheikhoun", "Idlib"), ("Maarat al-Numan", "Idlib"),
    ("Saraqib", "Idlib"), ("Jisr al-Shughur", "Idlib"), ("Palmyra", "Homs"), ("Al-Qaryatayn", "Homs"),
    ("Tabqa", "Raqqa"), ("Manbij", "Aleppo"), ("Al-Bab", "Aleppo"), ("Deir ez-Zor", "Deir ez-Zor"),
    ("Mayadin", "Deir ez-Zor"), ("Daraa", "Daraa"), ("Douma", "Rif Dimashq"), ("Mosul", "Nineveh"),
    ("Tal Afar", "Nineveh"), ("Kirkuk", "Kirkuk"), ("Ramadi", "Anbar"), ("Fallujah", "Anbar"),
    ("Tikrit", "Salahuddin"), ("Baiji", "Salahuddin"), ("Baqubah", "Diyala"), ("Samarra", "Salahuddin"),
]  # fmt: skip
ARMED = [
    "Jund al-Aqsa",
    "Ahrar al-Sham",
    "Hayat Tahrir al-Sham",
    "the Free Syrian Army",
    "ISIS",
    "the Syrian Democratic Forces",
    "the Syrian Army",
    "Iraqi forces",
    "the Peshmerga",
    "Jaish al-Izza",
    "Turkish troops",
    "the Popular Mobilization Forces",
]
EVENT_TEMPLATES = [
    "On {date}, {a} captured the town of {p} in {g} province after clashes with {b}.",
    "Heavy clashes broke out between {a} and {b} near {p} on {weekday}, local sources said.",
    "{n} fighters were killed in the fighting, according to a monitoring group.",
    "Coalition aircraft conducted {n} airstrikes near {p} on {date}, destroying {n2} vehicles.",
    "A roadside bomb exploded near a checkpoint in {p} on {weekday}, killing {n} people.",
    "A suicide bomber blew himself up at a market in {p}, killing at least {n} civilians.",
    "{a} shelled the outskirts of {p} with mortars and rockets on {date}.",
    "Hundreds of protesters gathered in {p} on {weekday} to demand the release of detainees.",
    "Police arrested {n} suspected members of {a} in {p} on {date}.",
    "{a} kidnapped {n} civilians from a village near {p} last week.",
]
BACKGROUND = [
    "The town has changed hands several times since the war began.",
    "Analysts say the group could try to cut the main supply road in the coming weeks.",
    "{a} has been fighting {b} in the region for months.",
    "Residents said food and fuel prices had risen sharply over the winter.",
    "The front line has been largely static since a ceasefire agreement last year.",
    "Humanitarian organisations warned that thousands of families may be displaced again.",
    "The area is of strategic importance because of the highway that connects {p} and {q}.",
    "Officials did not respond to requests for comment on the reports.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def article(index: int, rng: random.Random) -> dict[str, object]:
    published = date(2016, 1, 1) + timedelta(days=rng.randrange(0, 900))
    sentences = [
        _fill(rng.choice(EVENT_TEMPLATES), rng, published) for _ in range(rng.randint(4, 9))
    ]
    sentences += [_fill(rng.choice(BACKGROUND), rng, published) for _ in range(rng.randint(10, 20))]
    rng.shuffle(sentences)
    paragraphs = [" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2)]
    headline = f"Fighting reported around {rng.choice(PLACES)[0]} (report {index})"
    return {
        "id": f"synthetic-{index:06d}",
        "text": headline + "\n\n" + "\n\n".join(paragraphs),
        "meta": {"published": published.isoformat(), "source": f"Source {index % 37}",
                 "title": headline},
    }  # fmt: skip


def _fill(template: str, rng: random.Random, published: date) -> str:
    (place, province), (other, _) = rng.sample(PLACES, 2)
    a, b = rng.sample(ARMED, 2)
    when = published - timedelta(days=rng.randrange(0, 5))
    text = template.format(
        a=a, b=b, p=place, q=other, g=province, n=rng.randint(2, 40), n2=rng.randint(1, 9),
        date=f"{when:%B} {when.day}", weekday=WEEKDAYS[when.weekday()],
    )  # fmt: skip
    return text[0].upper() + text[1:]


def write_corpus(path: Path, count: int, seed: int = 7) -> Path:
    """Write ``count`` synthetic articles as one gold-format JSONL file."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as handle:
        for index in range(count):
            handle.write(json.dumps(article(index, rng), ensure_ascii=False) + "\n")
    return path
