"""Word lists of toponym recognition: connectors, directions, stop words, generic nouns."""

from __future__ import annotations

from polemos.geo.names import word_set

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: spaCy labels of names that are not places ("Brown", "Lincoln", "Peres").
NAME_LABELS = frozenset({"PERSON"})
CONNECTORS = frozenset(
    [
        "al",
        "el",
        "an",
        "ad",
        "as",
        "ash",
        "ar",
        "az",
        "ez",
        "es",
        "ed",
        "at",
        "ath",
        "ul",
        "bin",
        "ibn",
        "bani",
        "de",
        "du",
        "la",
        "le",
        "of",
    ]
)
DIRECTIONS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "north-eastern",
        "north-western",
        "south-eastern",
        "south-western",
        "upper",
        "lower",
    ]
)
_MONTHS = "january february march april may june july august september october november december"
_DAYS = "monday tuesday wednesday thursday friday saturday sunday"
#: Words that are never a toponym on their own (common words, titles, dates, web chrome).
STOP_WORDS = frozenset(
    f"""{_MONTHS} {_DAYS} support leave reply army state states islamic front force forces
    police government council ministry division brigade battalion regiment mr mrs ms dr
    president general gen col colonel captain lt sgt minister king queen prince sheikh
    emir imam god allah abu umm email twitter facebook reuters afp read more share comment
    comments home news update breaking photo video location sources source clashes most
    some several many according both other firstly secondly also however meanwhile today
    yesterday tomorrow the a an in on at of to from by for with near and or but this that
    these those it its his her their our we they he she i you after before during while
    when where as since until leader commander spokesman militants rebels troops regime
    coalition opposition jihadist terrorist terrorists group moderate free unknown
    national republic democratic liberation movement party union christmas easter passover
    halloween thanksgiving ramadan hanukkah olympic olympics though although because unless
    unlike despite whether once if yet thus even just only across over under about against
    among along beyond within without inside outside throughout upon toward towards into
    via vice rep one two three four five six seven eight nine ten young another every each
    any such what which there here""".split()
)
#: Nouns of institutions, facilities and streets: never a toponym on their own, even where
#: some hamlet is called "University" or "Center".
GENERIC_NOUNS = word_set(
    """university college school academy institute hospital church cathedral mosque temple
    street st road avenue ave boulevard blvd lane drive highway route interstate exit bridge
    house hall center centre court courthouse office department station park square mall
    plaza tower building club hotel stadium arena market section senate congress assembly
    parliament board committee commission company corporation bank museum library theatre
    theater festival day week man woman men women family people high middle elementary
    north south east west northeast northwest southeast southwest metro city town county
    state federal national international holy"""
)
#: Nouns of bodies that are named "X of Y" ("Lagos Chamber of Commerce", "Nigerian
#: Association of Chambers"): the words before "of" are no person's name.
INSTITUTION_NOUNS = word_set(
    """chamber chambers association associations society federation league foundation trust
    fund alliance council councils union guild order sisters brothers friends knights
    daughters sons corps agency bureau authority institute network coalition bar chapter
    conference campaign center centre office commission"""
)
#: Words that begin a place name and never end one ("Tell Mannas", "Jabal al-Zawiya",
#: "Kafr Nabl", "Lake Charles"): a run is never cut just after them.
NAME_HEADS = word_set(
    """tell tall tal tel kafr kfar deir dayr der jabal jebel jabel jbel ain ein ayn bir beit
    bayt bait khirbet khirbat umm um abu wadi ras jisr qasr tall mount mt lake fort port san
    santa sao saint st new old little great"""
)
#: Nouns of natural features and settlements that make a name with a state's or a country's
#: name a place of its own ("Lake Vermont", "Tennessee Colony"), not that state or country.
FEATURE_NOUNS = word_set(
    """lake lakes river creek mount mountain mountains valley colony springs spring falls bay
    island islands beach hills hill heights canyon ridge harbor harbour pond reservoir dam
    glacier peak"""
)
#: Abbreviations that begin a place name ("St. Louis", "Mt. Pleasant", "Ft. Worth").
NAME_ABBREVIATIONS = frozenset({"St", "Ste", "Mt", "Ft", "Pt"})
_LEAD_STRIP = STOP_WORDS | DIRECTIONS | {"rural", "greater"}
SUFFIX_WORDS = frozenset(
    [
        "province",
        "provinces",
        "governorate",
        "governorates",
        "countryside",
        "district",
        "region",
        "city",
        "town",
        "village",
        "area",
        "outskirts",
        "suburbs",
        # facilities named after a town: "Tabqa Dam", "Kweires Airport" resolve to the town
        "dam",
        "barrage",
        "airport",
        "airbase",
        "airfield",
        "bridge",
        "crossing",
        "checkpoint",
    ]
)

#: Cues that make a word a place whatever else it could be ("the village of X", "X province").
_STRONG_CUES = frozenset({"admin", "strong", "near", "direction", "county"})
