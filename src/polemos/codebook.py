"""The codebook: trigger rules mapping report wording to ACLED event types.

Each rule is a regular expression over a sentence, the ACLED event type and sub-event
type it signals, and a priority (lower wins when one sentence matches several rules:
ACLED folds an airstrike inside a ground battle into the battle).  docs/codebook.md
documents these rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VAC = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

DISORDER_TYPES = {
    BATTLES: "Political violence",
    EXPLOSIONS: "Political violence",
    VAC: "Political violence",
    PROTESTS: "Demonstrations",
    RIOTS: "Demonstrations",
    STRATEGIC: "Strategic developments",
}

SUB_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    BATTLES: ("Government regains territory", "Non-state actor overtakes territory", "Armed clash"),
    EXPLOSIONS: ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                 "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"),
    VAC: ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    PROTESTS: ("Excessive force against protesters", "Protest with intervention", "Peaceful protest"),
    RIOTS: ("Violent demonstration", "Mob violence"),
    STRATEGIC: ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                "Headquarters or base established", "Looting/property destruction",
                "Non-violent transfer of territory", "Other"),
}  # fmt: skip

TERRITORY = "territory"  # placeholder sub-type: resolved by actor1's type


@dataclass(frozen=True)
class TriggerRule:
    name: str
    pattern: re.Pattern[str]
    event_type: str
    sub_event_type: str
    priority: int
    splits_places: bool = False


def _rule(
    name: str, regex: str, event_type: str, sub: str, priority: int, split: bool = False
) -> TriggerRule:
    return TriggerRule(name, re.compile(regex, re.IGNORECASE), event_type, sub, priority, split)


RULES: tuple[TriggerRule, ...] = (
    _rule("chemical", r"\b(?:chemical (?:weapons?|attack)|sarin|chlorine gas|mustard gas|nerve agent)\b", EXPLOSIONS, "Chemical weapon", 1),
    _rule("suicide", r"\b(?:suicide (?:bomb\w*|attack\w*|car bomb\w*|vest)|blew (?:him|her|them)sel(?:f|ves) up|s?vbied)\b", EXPLOSIONS, "Suicide bomb", 2),
    _rule("territory", r"\b(?:took (?:full )?control of|taken control of|tak(?:e|es|ing) control of|seiz(?:ed|es|ing) control of|(?<!were )(?<!was )(?<!been )captur(?:ed|es|ing|e)(?!\s+(?:near|by|from|in|at)\b)|overr(?:an|un|uns)|stormed|recaptur(?:ed|es|ing)|retook|regain(?:ed|s)? control|liberat(?:ed|es|ing)|took over|advanced into|(?:came|were|was|fell) under (?:the )?control of|seiz(?:ed|es|ing) (?:the )?(?:town|city|village|villages|towns|areas?|district|base|airport|hill|positions?)\b|captur(?:ed|es|ing|e) (?:the )?(?:town|city|village|villages|towns|areas?|district|base|airport|hill|positions?))\b", BATTLES, TERRITORY, 3, True),
    _rule("clash", r"\b(?:clash(?:es|ed)?|fought|(?<!in the )(?<!during the )fighting(?! positions?)|firefight|gun ?battle|battles?|ambush(?:ed)?|raid(?:ed|s)?|(?<!mortar )(?<!rocket )(?<!missile )(?<!artillery )(?<!drone )(?<!air )(?<!bomb )(?<!suicide )(?<!grenade )attack(?:ed|s)? (?:on )?positions?|assault(?:ed)?|shoot-?outs?|gunfights?|exchanged? (?:of )?fire|(?<!mortar )(?<!rocket )(?<!missile )(?<!artillery )(?<!drone )(?<!air )(?<!bomb )(?<!suicide )(?<!grenade )attack(?:ed|s|ing)? (?:on )?(?:an? |the )?(?:[\w-]+ ){0,3}?(?:positions?|checkpoints?|posts?|bases?|convoys?|patrols?|outposts?|barracks|headquarters|troops|soldiers|forces))\b", BATTLES, "Armed clash", 4, True),
    _rule("air", r"\b(?:air ?strikes?|air raids?|(?<!the )strikes?|warplanes?|jets|aircraft|drone strikes?|bombed|bombing raids?|helicopter gunships?)\b", EXPLOSIONS, "Air/drone strike", 5, True),
    _rule("shelling", r"\b(?:bombard(?:ed|ing|ment)|(?:rocket|mortar|missile|artillery) (?:attacks?|fire|rounds?|barrages?)|projectiles? (?:fired|launched|hit|struck|landed|fell)|shell(?:ed|ing)|barrel bombs?|(?:missiles?|rockets?(?!-propelled)|mortars?|artillery|katyushas?|howitzers?|shells)\b(?:\W+\w+){0,4}?\W+(?:fired|launched|hit|struck|landed|fell|exploded|slammed|impacted|targeted|attacks?|fire|barrages?)|(?:fired|launched|targeted by|using|with|attacks? with)\W+(?:\w+\W+){0,3}?(?:missiles?|rockets?(?!-propelled)|mortars?|artillery|katyushas?|shells))\b", EXPLOSIONS, "Shelling/artillery/missile attack", 6),
    _rule("ied", r"\b(?:(?:bomb|explosive|roadside|car bomb|ied) blasts?|bomb (?:went off|detonated|planted|attacks?)|(?:motorcycle|bicycle|parked car) bomb|explosive-laden|remotely detonated|(?:struck|hit|stepped on) (?:an? )?(?:land ?)?mine|ieds?|improvised explosive|roadside bomb|landmines?|land mines?|explosive device|bomb exploded|car ?bomb (?:exploded|detonated|went off))\b", EXPLOSIONS, "Remote explosive/landmine/IED", 6),
    # "killed 20 militants" is a clash, unless strikes/shells/bombs did the killing (above).
    _rule("clash_kill", r"\bkilled (?:and wounded )?(?:\w+ ){0,3}?(?:terrorists|militants|rebels|insurgents|fighters|jihadists)\b", BATTLES, "Armed clash", 6, True),
    _rule("grenade", r"\bgrenades?\b", EXPLOSIONS, "Grenade", 7),
    _rule("sexual", r"\b(?:gang-?rap\w*|sexual(?:ly)? (?:harass\w*|exploit\w*)|molest\w*|rap(?:ed|es|ing)|sexual(?:ly)? (?:violence|assault\w*|abuse\w*))\b", VAC, "Sexual violence", 7),
    _rule("abduction", r"\b(?:(?:held|taken) captive|(?:took|taking|takes|seized) (?:\w+ ){0,3}?hostages?|enforced disappearance|went missing after being (?:taken|seized)|kidnap\w*|abduct\w*|forcibly disappeared|taken hostage)\b", VAC, "Abduction/forced disappearance", 7),
    _rule("execution", r"\b(?:execut(?:ed|es|ing|ions?)|massacr(?:ed|es?)|beheaded|murdered|terrorist attacks?|attack(?:ed|s)? (?:on )?civilians|opened fire (?:on|at|inside)|(?:drive-by |mass )?shooting attack|gun attacks?|mass shooting|shot dead)\b", VAC, "Attack", 8),
    _rule("attack_civilian_site", r"\battack(?:ed|s)? (?:(?:this|yesterday|today|last|early|late|on|in)\b[\w ]{0,20}? )?(?:on|at|against) (?:a |an |the )?(?:[\w-]+ ){0,2}?(?:petrol station|gas station|restaurant|market(?:place)?|hospital|mosque|church|school|shop|caf[eé]|bus|wedding|funeral|hotel|homes?|houses?|checkpoint)s?\b", VAC, "Attack", 8),
    _rule("protest_force", r"\b(?:fired (?:live ammunition|on|at) (?:the )?(?:protesters|demonstrators)|killed (?:\w+ )?(?:protesters|demonstrators))\b", PROTESTS, "Excessive force against protesters", 8),
    _rule("protest_intervention", r"\b(?:dispersed (?:the )?(?:protest|demonstrat|rall)\w*|tear ?gas)\b", PROTESTS, "Protest with intervention", 9),
    _rule("riot", r"\b(?:riot(?:s|ed|ers|ing)?|mob|torched|set fire to)\b", RIOTS, "Violent demonstration", 9),
    _rule("protest", r"\b(?:protest(?:ed|s|ers|ing)?|demonstrat(?:ed|ion|ions|ors)|rall(?:y|ied|ies)|sit-in|marched)\b", PROTESTS, "Peaceful protest", 10),
    _rule("arrest", r"\b(?:arrest(?:ed|s|ing)?|detain(?:ed|s|ing)?|rounded up)\b", STRATEGIC, "Arrests", 11),
    _rule("disrupted", r"\b(?:defus(?:ed|ing)|dismantl(?:ed|ing) (?:an? )?(?:ied|bomb|explosive)|neutrali[sz]ed|intercepted|(?:seiz(?:ed|ure)|confiscat(?:ed|ion)|recover(?:ed|y)|captured|found|discovered|uncovered)\W+(?:\w+\W+){0,6}?(?:weapons|firearms|guns|pistols|rifles|ammunition|explosives|bullets|rounds|grenades|arms)|(?:weapons|firearms|guns|pistols|rifles|ammunition|explosives?|bullets|grenades|explosive devices?|bombs?|ieds?|projectiles)\W+(?:\w+\W+){0,6}?(?:were|was|been)\s+(?:\w+\s+)?(?:seized|found|discovered|recovered|confiscated|captured|defused|identified)|(?:cache|stash|depot)s? of (?:\w+ )?(?:weapons|arms|ammunition|explosives|projectiles))\b", STRATEGIC, "Disrupted weapons use", 11),
    _rule("looting", r"\b(?:plunder(?:ed|ing)|pillag(?:ed|ing)|demolish(?:ed|ing)|razed|burn(?:ed|t) down|set fire to (?:\w+ ){0,2}(?:houses?|homes?|shops?|buildings?|school|church|mosque|vehicles?|cars?|offices?|granar\w+|crops?)|loot(?:ed|ing)|set (?:\w+ )?alight|vandali[sz]ed|ransacked|attacks? on (?:the )?propert(?:y|ies)|burn(?:ed|t) (?:down )?(?:\w+ ){0,2}(?:shops?|houses?|homes?|cars?|vehicles?|buildings?|offices?)|destroy(?:ed|ing) (?:\d+ |\w+ ){0,3}(?:tanks?|equipment|vehicles?|buildings?|homes?|houses?)|seized (?:the )?(?:tanks|weapons|equipment|hardware))\b", STRATEGIC, "Looting/property destruction", 12),
    _rule("agreement", r"\b(?:peace (?:deal|accord|agreement)|(?:signed|concluded|reached) (?:an? )?(?:peace |local |reconciliation )?(?:accord|pact|memorandum|settlement)|prisoner (?:swap|exchange)|(?:agreed|agree) to (?:a |an )?(?:ceasefire|truce|halt|stop|end|cessation)|agreement (?:was|has been) reached|ceasefire|cease-fire|truce|signed (?:an? )?(?:deal|agreement)|reached (?:an? )?(?:deal|agreement))\b", STRATEGIC, "Agreement", 12),
    _rule("base", r"\b(?:(?:set up|opened|built|erected) (?:a |an |its |their )?(?:new )?(?:military )?(?:base|headquarters|outpost|camp|training camp)|established (?:a |an )?(?:new )?(?:base|headquarters|outpost))\b", STRATEGIC, "Headquarters or base established", 12),
    _rule("transfer", r"\b(?:handed (?:the \w+ )?(?:back )?(?:over )?to the|hand(?:ed|s|ing)? over (?:the )?(?:base|airport|territory|area|district|positions?)|withdr(?:ew|awn) (?:\w+ ){0,3}under (?:an? |the )?(?:deal|agreement)|entered (?:the \w+ )?unopposed|without (?:a fight|firing a shot|resistance)|handed over (?:control|the town|the city|the village)|withdrew (?:from|and handed))\b", STRATEGIC, "Non-violent transfer of territory", 13),
    _rule("change", r"\b(?:(?:announced|declared) the (?:formation|creation|establishment) of|formed (?:a |an )?(?:new |joint )?(?:group|alliance|coalition|faction|brigade|operations room|armed wing)|new (?:leader|commander|emir)|rebrand\w*|swore (?:loyalty|allegiance)|dissolv(?:ed|ing) (?:itself|themselves|its|their)|merg(?:er|ed) with|announced (?:its|their) merger|chang(?:ed|es) (?:its|their) name|pledg(?:ed|es|ing) allegiance|took an oath|joins? (?:to )?(?:the )?(?:isis|isil|is|islamic state)|joined (?:the )?\w+|split from|defected)\b", STRATEGIC, "Change to group/activity", 14),
)  # fmt: skip

# Wording that turns a demonstration violent, or a crackdown deadly (checked when a
# protest or clash trigger fires in a sentence about protesters).
CROWD_RE = re.compile(r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ies|ied)|marchers|crowds?)\b", re.I)
VIOLENT_CROWD_RE = re.compile(
    r"\b(?:clash\w*|violen\w*|stones?|stone-throwing|rocks|molotov|petrol bombs?|torched|"
    r"set (?:\w+ )?(?:on fire|alight)|vandali[sz]\w*|ransack\w*|riot\w*|running battles)\b",
    re.I,
)
DEADLY_FORCE_RE = re.compile(
    r"\b(?:killed|died|dead|shot dead|live (?:rounds|ammunition|fire)|gunfire|opened fire)\b", re.I
)
# Sub-event types whose actor1 ACLED codes by convention when the text names none.
IMPLIED_ACTOR1 = {
    "Arrests": "police_forces",
    "Disrupted weapons use": "police_forces",
    "Peaceful protest": "protesters",
    "Protest with intervention": "protesters",
    "Excessive force against protesters": "protesters",
    "Violent demonstration": "rioters",
    "Mob violence": "rioters",
}

# Context that makes a trigger not an event: modality, forecasts, negation.
HYPOTHETICAL_RE = re.compile(
    r"\b(?:can|could|may|might|will|would|should|intends? to|plans? to|threatens? to|"
    r"aims? to|seeks? to|likely|potentially|if|unless|not|never|no|when|mentioned that)\b[^.;]{0,40}$",
    re.IGNORECASE,
)
BACKGROUND_RE = re.compile(  # searched in the prefix since the last ";", "but" or "while"
    r"\b(?:has been|have been|had been|all this time|for years|since 20\d\d|"
    r"(?:was|were) involved in|responsible for|accused of|known for)\b"
    r"|\b(?:is|are)\s+(?:\w+ly\s+)?$",
    re.I,
)


# Article sentences only (``event_units.not_an_event``): wording that makes a whole sentence
# background, analysis or a re-mention rather than a report of a new event.
NON_EVENT_RE = re.compile(
    r"\b(?:several|many|multiple|numerous|countless) times\b|\brepeatedly\b"
    r"|\b(?:regularly|routinely|frequently|frequented)\b"
    r"|\bon (?:at least )?(?:\w+|several|multiple|numerous) occasions\b"
    r"|\b(?:has|have|had) previously\b|\bneither (?:confirmed|denied)\b"
    r"|\b(?:has|have) had (?:full |effective )?control\b"
    r"|\b(?:the|a) (?:total|tally|toll) (?:number )?of\b|\bbring(?:s|ing)? the total\b|\bin total\b"
    r"|\barrest warrants?\b|\bwhether\b|\bin the heat of battle\b"
    r"|\b(?:planned|planning|scheduled|expected|set|poised|preparing) to\b"
    r"|\bfears? of\b|\bpotential\b|\bin both attacks\b"
    r"|\b(?:in|during) (?:this|that|the same) (?:attack|blast|explosion|bombing)\b"
    r"|\bplead(?:ed|s)? (?:not )?guilty\b|\bcharges? that\b|\bcharged with\b|\bconvicted of\b"
    r"|\b(?:shelling|firing|artillery|rocket|missile|striking) range\b"
    r"|\bserving (?:\w+ )?(?:prison )?sentences?\b|\bsentenced\b"
    r"|\b(?:has |have )?(?:risen|rose|climbed) to\b",
    re.I,
)
# "the town was captured by X after days of fighting": a passive capture of a named place
# is a takeover, not the clash it ended (``events._article_trigger``).
PASSIVE_CAPTURE_RE = re.compile(
    r"\b(?:was|were|had been|has been) (?:captured|seized|overrun|taken over|recaptured) by\b",
    re.I,
)
# Article sentences only: wording right before a trigger that describes an event rather than
# reports one: a method ("had used Humvees as a car bomb"), a consequence told in passing
# ("prompting Russian airstrikes"), involvement ("are involved in the attempt").
DESCRIBED_RE = re.compile(
    r"\b(?:used|using|uses|described|classified|labell?ed|characteri[sz]ed|disguised)\b"
    r"[^;]{0,90}?\bas\s+(?:an?|the)\s+(?:[\w-]+\s+)?$"
    r"|\b(?:prompting|prompted|sparking|sparked|triggering|provoking|provoked)\s+"
    r"(?:[\w-]+\s+){0,2}$"
    r"|\b(?:is|are|was|were|been)\s+(?:\w+ly\s+)?involved\s+in\s+(?:[\w-]+\s+){0,3}$",
    re.I,
)
# "The regime is inflicting the worst bombardment seen yet": an ongoing campaign (checked in
# sentences without a date).
PROGRESSIVE_RE = re.compile(
    r"\b(?:is|are)\s+(?:\w+ly\s+)?\w+ing\s+(?:(?!that\b)[\w-]+\s+){0,3}$", re.I
)
# "police had found another possible explosive device": a discovery, not an explosion.
FOUND_RE = re.compile(
    r"\b(?:found|finds?|discovered|recovered|uncovered)\b(?:\W+\w+){0,5}\W+$", re.I
)
# "left another bomb that did not go off": a bomb that never exploded is no explosion.
UNEXPLODED_RE = re.compile(
    r"^[^.;]{0,40}?\b(?:(?:that|which)\s+)?(?:did not|didn't|failed to|never)\s+"
    r"(?:go off|explode|detonate)|^\W*(?:\w+\s+){0,2}?(?:unexploded|undetonated)\b",
    re.I,
)
# A conditional sentence ("If the government ...") reports nothing that happened.
CONDITIONAL_RE = re.compile(r"^\W*(?:if|unless|should|were)\b", re.I)
# "the coalition conducting air strikes against IS": a campaign described, not an event.
CAMPAIGN_RE = re.compile(r"\b(?:conducting|waging|carrying out)\s+(?:[\w-]+\s+)?$", re.I)
# "The first attack occurred at a rally": an ordinal re-mention of an event just reported.
ORDINAL_RE = re.compile(
    r"\b(?:the|this|that) (?:first|second|third|latest|same|earlier|later) "
    r"(?:attack|blast|explosion|bombing|strike)\b",
    re.I,
)
# "the attack in X was an air strike": a new reading of an event already reported.
REMENTION_RE = re.compile(
    r"\b(?:the|this|that) (?:[\w-]+ ){0,2}?(?:attack|blast|explosion|incident|bombing|strike)\b"
    r"[^.;]{0,60}?\b(?:was|were|is)\s+(?:an?\s+|the\s+)?(?:possible\s+|likely\s+|suspected\s+)?$",
    re.I,
)
# Rules for nouns that report an event in articles when no verb trigger fires ("a Friday
# blast", "the X bombing was an attack on 13 September 1974", "survived an attack on his life").
NOMINAL_RULES: tuple[TriggerRule, ...] = (
    _rule("nominal_territory", r"\braised (?:the |its |their )?(?:[\w-]+ ){0,2}?flags? (?:again |once again )?(?:in|over|on|above)\b", BATTLES, TERRITORY, 3),
    _rule("nominal_bombing", r"\b(?:(?:exploded|detonated|set off|planted) (?:an? |the |two |their |its )?(?:[\w-]+ )?bombs?|(?:car|truck|pipe|nail|parcel|letter|bus|van) bomb(?:ing)?s?|bombings?(?= (?:of|at|in|on|was)\b)|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:'s|’s)? (?:blast|explosion|bombing)|(?:blast|explosion) (?:which|that) (?:killed|injured|wounded|hurt))\b", EXPLOSIONS, "Remote explosive/landmine/IED", 6),
    _rule("nominal_attack", r"\b(?:stabb(?:ed|ing|ings)|knife attack|survived an? (?:[\w-]+ )?attack|assassination attempt|attempt(?:ed)? to assassinate)\b", VAC, "Attack", 8),
)  # fmt: skip


def nominal_trigger(text: str) -> tuple[TriggerRule, int, int] | None:
    """The first article-only nominal rule of ``text`` not under modality or negation (a noun
    phrase may follow background wording: "responsible for a Friday blast")."""
    for rule in NOMINAL_RULES:
        for match in rule.pattern.finditer(text):
            clause = HYPOTHETICAL_SCOPE_RE.split(text[: match.start()])[-1]
            if not HYPOTHETICAL_RE.search(clause):
                return rule, match.start(), match.end()
    return None


# Where the wording that can make a trigger hypothetical (a clause) or background (a part of
# the sentence) begins.
HYPOTHETICAL_SCOPE_RE = re.compile(r"[,;:]|\bbut\b|\bwhile\b")
BACKGROUND_SCOPE_RE = re.compile(r"[;:]|\bbut\b|\bwhile\b")


def is_hypothetical(prefix: str) -> bool:
    """True when the text before a trigger makes it modal, negated, forecast or background."""
    clause = HYPOTHETICAL_SCOPE_RE.split(prefix)[-1]
    sentence_part = BACKGROUND_SCOPE_RE.split(prefix)[-1]
    return bool(HYPOTHETICAL_RE.search(clause) or BACKGROUND_RE.search(sentence_part))


def is_background(prefix: str) -> bool:
    """True when the text before a trigger reports background ("have been using")."""
    return bool(BACKGROUND_RE.search(BACKGROUND_SCOPE_RE.split(prefix)[-1]))


# The coder asks about the same sentence several times (its trigger, the classifier's
# features, again for a unit that is the whole sentence): the last few texts' answers are
# kept.  Small caches: they serve one article, not a corpus read twice.
TEXT_CACHE_SIZE = 256


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def rule_matches(text: str) -> tuple[tuple[TriggerRule, re.Match[str]], ...]:
    """Every codebook rule whose pattern occurs in ``text`` with its first match, in
    ``RULES`` order (one scan shared by ``first_trigger`` and the classifier)."""
    found = ((rule, rule.pattern.search(text)) for rule in RULES)
    return tuple((rule, match) for rule, match in found if match is not None)


def _matches_from(rule: TriggerRule, text: str, first: re.Match[str]) -> Iterator[re.Match[str]]:
    """The matches of ``rule`` in ``text``, ``first`` being the first of them."""
    pattern = rule.pattern
    if first.end() == first.start():  # an empty match: let finditer step over it
        yield from pattern.finditer(text)
        return
    yield first
    yield from pattern.finditer(text, first.end())


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def first_trigger(text: str) -> tuple[TriggerRule, int, int] | None:
    """The highest-priority non-hypothetical trigger rule of ``text`` and its span."""
    best: tuple[TriggerRule, int, int] | None = None
    for rule, first in rule_matches(text):
        if best is not None and rule.priority >= best[0].priority:
            continue  # cannot win: the earlier rule of the same priority stays
        for match in _matches_from(rule, text, first):
            if is_hypothetical(text[: match.start()]):
                continue
            best = (rule, match.start(), match.end())
            break
    return best


NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "a": 1, "an": 1,
}  # fmt: skip
# Vague quantities, read conservatively (ACLED: the lowest figure the wording supports);
# docs/codebook.md documents this table.
VAGUE_NUMBERS = {
    "a couple of": 2, "a few": 3, "few": 3, "several": 3, "a number of": 3,
    "many": 10, "numerous": 10, "tens of": 10, "a dozen": 12, "dozens of": 12, "dozens": 12,
    "scores of": 20, "hundreds of": 100, "hundreds": 100, "thousands of": 1000,
}  # fmt: skip
NUMBER_WORDS.update(VAGUE_NUMBERS)
_NUM = r"(?P<num>\d[\d,]*|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_HEDGE = (
    r"(?:(?:up to|at ?least|about|some|nearly|around|approximately|more than|over|as many as)\s+)*"
)
_DEATH = r"(?:killed|dead|died|executed|shot dead|slain|massacred|lost their lives|blew themselves up|were killed|deaths|fatalities|bodies)"
# "three strikes killed four fighters": the first number counts the killers, not the dead.
_NOT_ACTIVE = (
    r"(?!\s+"
    + _HEDGE
    + r"(?:\d|(?:"
    + "|".join(w for w in NUMBER_WORDS if w not in ("a", "an") and w not in VAGUE_NUMBERS)
    + r")\b))"
)
_ATTACKER = r"(?:suicide\s+)?(?:attacker|bomber|assailant|gunman)"
# "stabbed eight people before he was killed": the deaths of another clause are not theirs.
_SAME_CLAUSE = r"(?!(?:before|after|when|while|until|he|she|they)\b)"
FATALITY_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\b(?:killed|killing|kills|executed|executing|massacred|left)\s+(?:the\s+)?{_HEDGE}{_NUM}\b(?!\s+(?:wounded|injured))", re.I),
    re.compile(rf"\b{_HEDGE}{_NUM}\s+(?:{_SAME_CLAUSE}[^\s,;.]+\s+){{0,8}}?(?:(?:was|were|have been|had been|are|got)\s+)?{_DEATH}\b{_NOT_ACTIVE}", re.I),
    re.compile(r"\b(?P<num>the|a|an)\s+(?:[\w-]+\s+){0,2}?blew (?:himself|herself) up\b", re.I),  # the bomber counts
    re.compile(r"\b(?P<num>he|she)\s+(?:was|had been)\s+(?:\w+ly\s+)?(?:killed|shot dead)\b", re.I),  # the attacker
    # "26 people and the bomber were killed", "killed 20 people as well as the attacker"
    re.compile(rf"\b(?:and|as well as|along with)\s+(?P<num>the)\s+{_ATTACKER}\s+(?:were|was|had been)\s+(?:killed|dead)\b", re.I),
    re.compile(rf"\b(?:killed|killing)\s+{_HEDGE}(?:\d[\d,]*|[a-z]+)\s+(?:[\w-]+\s+){{0,2}}?(?:as well as|along with)\s+(?P<num>the)\s+{_ATTACKER}(?=\s*(?:[,.;)]|$))", re.I),
    re.compile(r"\b(?P<num>the|a|an)\s+(?:" + _SAME_CLAUSE + r"[\w-]+\s+){1,3}?(?:was\s+)?(?:killed|shot dead)\b(?=\s*(?:[,.;)]|$|(?:and|in|on|at|when|by|after|during|while)\b))", re.I),
)  # fmt: skip


def number_value(raw: str) -> int | None:
    """Integer value of a numeral or number word ("30", "1,200", "three", "dozens of")."""
    text = raw.lower().strip()
    if text.replace(",", "").isdigit():
        return int(text.replace(",", ""))
    if text in ("the", "he", "she"):  # "the driver was killed", "he was killed": one person
        return 1
    return NUMBER_WORDS.get(text)
