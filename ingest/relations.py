"""Relationships from the mentions of one sentence, driven by the trigger lexicons in rules.toml.

Each function returns Found(type, head, tail, confidence, inferred) items; the
pipeline attaches the sentence and year as evidence.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

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


@lru_cache(maxsize=None)
def _automaton(words: tuple[str, ...]):
    auto = ahocorasick.Automaton()
    for w in words:
        auto.add_word(w, len(w))
    auto.make_automaton()
    return auto


def _spans(text: str, words) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of any of `words` (one Aho-Corasick pass)."""
    return sorted((end + 1 - n, end + 1) for end, n in _automaton(tuple(words)).iter(text))


def _positions(text: str, words) -> list[int]:
    """End positions of every trigger occurrence (a trigger governs what follows it)."""
    return [end for _, end in _spans(text, words)]


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
    """Place -> Industry when a trigger stands between a place and the industry.

    The subject is the nearest place before the industry with a trigger in
    between (or after 在/于: "在成都布局…"), with the places coordinated with
    it. A sentence naming no place inherits `topic` through a strong trigger,
    marked inferred with lower confidence.
    """
    cfg = _cfg()["TARGETS"]
    strong = _spans(text, cfg["strong"])
    anyt = sorted(strong + _spans(text, cfg["weak"]))
    if not anyt:
        return []
    found: list[Found] = []
    for i, m in enumerate(mentions):
        if m.label != "Industry":
            continue
        subject = None
        for j in range(i - 1, -1, -1):
            p = mentions[j]
            if p.label not in PLACE_LABELS:
                continue
            governed = any(p.end <= ts and te <= m.start for ts, te in anyt)
            if governed or text[max(0, p.start - 1)] in "在于":
                subject = j
            break
        if subject is not None:
            for p in coordinated(mentions, subject, text):
                found.append(Found("TARGETS", p.key, m.key, cfg["base_confidence"]))
        elif (topic is not None and any(te <= m.start for _, te in strong)
              and not any(p.label in PLACE_LABELS + ("Policy", "Institution") for p in mentions[:i])):
            found.append(Found("TARGETS", topic, m.key, cfg["inferred_confidence"], inferred=True))
    return found


def subject_place(text: str, mentions: list[Mention]) -> tuple[str, str] | None:
    """The last place that acts in the sentence (a place then a trigger within a few characters)."""
    cfg = _cfg()["TARGETS"]
    starts = [s for s, _ in _spans(text, cfg["strong"] + cfg["weak"])]
    subject = None
    for m in mentions:
        if m.label in ("City", "Province", "Region", "Zone") and any(
                m.end <= s <= m.end + cfg["subject_window"] for s in starts):
            subject = m.key
    return subject


def supports(text: str, mentions: list[Mention]) -> list[Found]:
    """Policy / Institution -> Industry when a trigger follows the actor and precedes the industry,
    and no place stands between them (then the place is the one acting)."""
    cfg = _cfg()["SUPPORTS"]
    triggers = _spans(text, cfg["triggers"] + _cfg()["TARGETS"]["strong"] + _cfg()["TARGETS"]["weak"])
    found = []
    for i, m in enumerate(mentions):
        if m.label != "Industry":
            continue
        for j in range(i - 1, -1, -1):
            a = mentions[j]
            if a.label in ("Policy", "Institution"):
                if any(a.end <= ts and te <= m.start for ts, te in triggers):
                    found.append(Found("SUPPORTS", a.key, m.key, cfg["base_confidence"]))
                break
            if a.label in ("City", "Province", "Region", "Zone"):
                break
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


class PlanContents:
    """A plan a place issues, then that place's targets in the next sentences: the plan's contents.

    "杭州发布《规划》。杭州将重点打造A、B" -> SUPPORTS(规划 -> A, B), inferred,
    within `window` sentences of the plan in the same paragraph.
    """

    def __init__(self, window: int | None = None):
        cfg = _cfg()["SUPPORTS"]
        self.window = window if window is not None else cfg["plan_window"]
        self.confidence = cfg["plan_confidence"]
        self.recent: list[tuple[tuple[str, str], tuple[str, str], int]] = []  # (plan, issuer, sentence no.)
        self.sentence = 0

    def step(self, found: list[Found]) -> list[Found]:
        self.sentence += 1
        for f in found:
            if f.type == "ISSUED_BY":
                self.recent.append((f.head, f.tail, self.sentence))
        self.recent = [r for r in self.recent if self.sentence - r[2] <= self.window]
        already = {(f.head, f.tail) for f in found if f.type == "SUPPORTS"}
        out = []
        for f in found:
            if f.type != "TARGETS" or f.inferred:
                continue
            for plan, issuer, _ in self.recent:
                if issuer == f.head and (plan, f.tail) not in already:
                    already.add((plan, f.tail))
                    out.append(Found("SUPPORTS", plan, f.tail, self.confidence, inferred=True))
        return out
