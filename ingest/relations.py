"""Relationships from the mentions of one sentence, driven by the trigger lexicons in rules.toml.

Each function returns Found(type, head, tail, confidence, inferred) items; the
pipeline attaches the sentence and year as evidence.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from . import gazetteer as gz
from .datafiles import rules
from .recognize import PLACE_LABELS, Mention

# Characters that may stand between the items of a coordinated list (A、B和C).
_LIST_GLUE = set("、,，和与及以及或/ ")


@dataclass(frozen=True)
class Found:
    type: str
    head: tuple[str, str]
    tail: tuple[str, str]
    confidence: float
    inferred: bool = False


@lru_cache(maxsize=1)
def _cfg() -> dict:
    return rules()["relations"]


def _positions(text: str, words) -> list[int]:
    """End positions of every trigger occurrence (a trigger governs what follows it)."""
    out = []
    for w in words:
        i = text.find(w)
        while i != -1:
            out.append(i + len(w))
            i = text.find(w, i + 1)
    return sorted(out)


def coordinated(mentions: list[Mention], index: int, text: str) -> list[Mention]:
    """The mention at `index` plus its neighbours in an A、B和C list of the same kind."""
    group = [mentions[index]]
    for step in (-1, 1):
        i = index
        while 0 <= i + step < len(mentions):
            a, b = (mentions[i + step], mentions[i]) if step < 0 else (mentions[i], mentions[i + step])
            nxt = mentions[i + step]
            if nxt.label not in PLACE_LABELS or not set(text[a.end:b.start]) <= _LIST_GLUE:
                break
            group.append(nxt)
            i += step
    return group


def targets(text: str, mentions: list[Mention], topic: tuple[str, str] | None) -> list[Found]:
    """Place -> Industry when a trigger stands between a subject place and the industry."""
    cfg = _cfg()["TARGETS"]
    triggers = _positions(text, cfg["triggers"])
    if not triggers:
        return []
    found: list[Found] = []
    for i, m in enumerate(mentions):
        if m.label != "Industry":
            continue
        trig = [t for t in triggers if t <= m.start]
        if not trig:
            continue
        first_trigger = trig[0]
        # Subject places: before the first trigger that governs this industry,
        # or after 在/于 ("在成都布局…"), never inside another name.
        subjects = [j for j, p in enumerate(mentions[:i])
                    if p.label in PLACE_LABELS and (p.end <= first_trigger or text[max(0, p.start - 1)] in "在于")]
        if subjects:
            j = subjects[-1]
            for p in coordinated(mentions, j, text):
                found.append(Found("TARGETS", p.key, m.key, cfg["base_confidence"]))
        elif topic is not None and not any(p.label in ("Policy", "Institution") for p in mentions[:i]):
            found.append(Found("TARGETS", topic, m.key, cfg["inferred_confidence"], inferred=True))
    return found


def supports(text: str, mentions: list[Mention]) -> list[Found]:
    """Policy / Institution -> Industry when a trigger follows the actor and precedes the industry."""
    cfg = _cfg()["SUPPORTS"]
    triggers = _positions(text, cfg["triggers"]) + _positions(text, _cfg()["TARGETS"]["triggers"])
    found = []
    for i, m in enumerate(mentions):
        if m.label != "Industry":
            continue
        actors = [a for a in mentions[:i] if a.label in ("Policy", "Institution")]
        if not actors:
            continue
        actor = actors[-1]
        if any(actor.end <= t <= m.start for t in triggers):
            found.append(Found("SUPPORTS", actor.key, m.key, cfg["base_confidence"]))
    return found


def issued_by(text: str, mentions: list[Mention]) -> list[Found]:
    cfg = _cfg()["ISSUED_BY"]
    found = []
    verbs = _positions(text, cfg["verbs"])
    for i, m in enumerate(mentions):
        if m.label != "Policy":
            continue
        if m.place is not None:
            found.append(Found("ISSUED_BY", m.key, m.place, cfg["prefix_confidence"]))
            continue
        # The issuer is the nearest City / Province / Institution before an issue verb before the policy.
        before = [v for v in verbs if v <= m.start]
        if not before:
            continue
        verb_end = before[-1]
        issuers = [a for a in mentions[:i]
                   if a.label in ("City", "Province", "Institution") and a.end <= verb_end]
        if issuers:
            found.append(Found("ISSUED_BY", m.key, issuers[-1].key, cfg["base_confidence"]))
    return found


def located_in(text: str, mentions: list[Mention]) -> list[Found]:
    cfg = _cfg()["LOCATED_IN"]
    g = gz.load()
    found = []
    for i, m in enumerate(mentions):
        if m.label in ("Zone", "Institution"):
            place = m.place
            if place is None:
                city = g.entries.get(m.key, gz.Entry(m.label, m.name)).props.get("city")
                place = ("City", city) if city else None
            if place is None:
                # "在蓉设立X", "落户成都的X"
                place = _settled_in(text, mentions, i, cfg["settle_verbs"])
            if place and place != m.key:
                found.append(Found("LOCATED_IN", m.key, place, cfg["base_confidence"]))
    return found


def _settled_in(text: str, mentions: list[Mention], i: int, verbs: list[str]) -> tuple[str, str] | None:
    m = mentions[i]
    for p in reversed(mentions[:i]):
        if p.label != "City":
            continue
        between = text[p.end:m.start]
        if len(between) <= 6 and any(v in between for v in verbs):
            return p.key
        break
    return None


def city_province(mentions: list[Mention]) -> list[Found]:
    """A Chinese city -> its province, from the place data (never inferred from text)."""
    g = gz.load()
    found = []
    for m in mentions:
        if m.label != "City":
            continue
        province = g.entries.get(m.key, gz.Entry("City", m.name)).props.get("province")
        if province and province != m.name and ("Province", province) in g.entries:
            found.append(Found("LOCATED_IN", m.key, ("Province", province), 1.0))
    return found
