"""The country a story is written in when it never says so: an American local story names
its high school, sheriff and city council, not "the United States".

Such a story's bare town names are its own country's towns: "Paris firefighters" in a
story with a sheriff and a school district are in Paris, Texas, not in France.
"""

from __future__ import annotations

import re

#: Institutions and usages of American local news, each a separate piece of evidence.
US_LOCAL_MARKERS = tuple(
    re.compile(pattern)
    for pattern in (
        r"\bHigh School\b",
        r"\b[Ss]heriff",
        r"\bPolice Department\b",
        r"\bFire Department\b",
        r"\b[Ss]chool [Dd]istrict\b",
        r"\b[Ss]chool [Bb]oard\b",
        r"\b[Cc]ity [Cc]ouncil\b",
        r"\b[Cc]ity [Mm]anager\b",
        r"\b[Cc]ounty [Cc]ommission",
        r"\bstate (?:Rep|Sen)\.",
        r"\b(?:Gov|Sen|Rep)\. [A-Z]",
        r"\([DR]-[A-Z]",
        r"\bmph\b",
        r"\bJunior College\b",
        r"\bChamber of Commerce\b",
        r"\bfirefighters\b",
        r"\b[Ff]ire [Cc]hief\b",
        r"\b[Pp]olice [Cc]hief\b",
        r"\bEMS\b",
        r"\b[Cc]ounty [Cc]ommissioners?\b",
        r"\bZIP code",
        r"\b[Ee]lementary [Ss]chool",
        r"\b[Mm]iddle [Ss]chool",
        r"\$\d",
    )
)
#: Distinct markers that make a story American.
MIN_MARKERS = 2


def implied_country(text: str) -> str | None:
    """ "US" when the text carries ``MIN_MARKERS`` distinct marks of American local news."""
    found = 0
    for marker in US_LOCAL_MARKERS:
        if marker.search(text):
            found += 1
            if found >= MIN_MARKERS:
                return "US"
    return None
