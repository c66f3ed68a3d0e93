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
_LIST_GLUE = set("、和与及以及或/ ")  # not the comma: it separates clauses (在浙江，杭州…)


@dataclass(frozen=True)
class Found:
    type: str
    head: tuple[str, str]
    tail: tuple[str, str]
    confidence: float
    inferred: bool = False
    at: int = -1  # where in the sentence the tail (TARGETS) or the policy (ISSUED_BY) stands


@lru_cache(maxsize=1)
def _cfg() -> dict:
    return rules()["relations"]


@lru_cache(maxsize=None)
def _automaton(lexicon: str):
    """One Aho-Corasick automaton per lexicon, named "TYPE.key" or "TYPE.key+TYPE.key" (rules.toml)."""
    auto = ahocorasick.Automaton()
    for part in lexicon.split("+"):
        rtype, key = part.split(".")
        for w in _cfg()[rtype][key]:
            auto.add_word(w, len(w))
    auto.make_automaton()
    return auto


def _spans(text: str, lexicon: str) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of a word of `lexicon` (one Aho-Corasick pass)."""
    return sorted((end + 1 - n, end + 1) for end, n in _automaton(lexicon).iter(text))


def _positions(text: str, lexicon: str) -> list[int]:
    """End positions of every trigger occurrence (a trigger governs what follows it)."""
    return [end for _, end in _spans(text, lexicon)]


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


def targets(text: str, mentions: list[Mention], topic: tuple[str, str] | None,
            local_topic: bool = False) -> list[Found]:
    """Place -> Industry when the place acts on the industry.

    The subject is the nearest eligible place before the industry with a
    trigger in between, after 在/于 ("在成都布局…"), or fronting the object
    ("南京把A作为主攻方向"); places coordinated with it share the industry.
    A place in an appositive (作为江苏的…) or instrument frame (以亦庄为主阵地)
    is not a subject. A demonstrative (这里, 该市) or a sentence naming no place
    inherits `topic` through a strong trigger in the industry's own clause (or
    a list introducer when `local_topic`: the place acted earlier in this
    paragraph), marked inferred with lower confidence; "在A领域，北京…" puts the
    industry before its place.
    """
    if not any(m.label == "Industry" for m in mentions):
        return []
    cfg = _cfg()["TARGETS"]
    strong = _spans(text, "TARGETS.strong")
    anyt = sorted(strong + _spans(text, "TARGETS.weak"))
    fronting = _spans(text, "TARGETS.fronting_markers")
    fronting_verbs = _spans(text, "TARGETS.fronting_verbs")
    demonstratives = _spans(text, "TARGETS.demonstratives")
    inheriting = strong + (_spans(text, "TARGETS.list_intro") if local_topic else [])
    found: list[Found] = []
    for i, m in enumerate(mentions):
        if m.label != "Industry":
            continue
        actor = _actor(text, mentions, i, demonstratives)
        if actor is not None:
            start, end, place_index = actor
            if place_index is not None:
                place_index = _locative_owner(text, mentions, place_index)
                start, end = mentions[place_index].start, mentions[place_index].end
            governed = (any(end <= ts and te <= m.start for ts, te in anyt)
                        or text[max(0, start - 1)] in "在于"
                        or (any(end <= fs < m.start for fs, _ in fronting)
                            and any(fs >= m.end for fs, _ in fronting_verbs)))
            if governed and place_index is None:
                if topic is not None:  # 这里 / 该市 -> the paragraph's place
                    found.append(Found("TARGETS", topic, m.key, cfg["demonstrative_confidence"], True, m.start))
                continue
            if governed:
                for p in coordinated(mentions, place_index, text):
                    if not _not_subject(text, p):
                        found.append(Found("TARGETS", p.key, m.key, cfg["base_confidence"], False, m.start))
                continue
        framed = _topic_frame(text, mentions, i, cfg)
        if framed is not None:
            found.append(Found("TARGETS", framed, m.key, cfg["frame_confidence"], False, m.start))
        elif (actor is None and topic is not None
              and any(_clause_start(text, m.start) <= ts and te <= m.start for ts, te in inheriting)
              and not any(p.label in ("Policy", "Institution") for p in mentions[:i])):
            found.append(Found("TARGETS", topic, m.key, cfg["inferred_confidence"], True, m.start))
    return found


def _clause_start(text: str, pos: int) -> int:
    return max(text.rfind(c, 0, pos) for c in "，,;；:：。") + 1


def _actor(text: str, mentions: list[Mention], i: int, demonstratives) -> tuple[int, int, int | None] | None:
    """The nearest would-be subject before mention i: (start, end, index of the place or None for 这里)."""
    m = mentions[i]
    best = None
    for j in range(i - 1, -1, -1):
        p = mentions[j]
        if p.label in PLACE_LABELS and not _not_subject(text, p):
            best = (p.start, p.end, j)
            break
    for ds, de in demonstratives:
        if de <= m.start and (best is None or ds >= best[1]):
            best = (ds, de, None)
    return best


def _locative_owner(text: str, mentions: list[Mention], j: int) -> int:
    """上海在临港新片区布局… : the place before 在 acts; the zone after it is where."""
    p = mentions[j]
    if j > 0 and text[max(0, p.start - 1)] in "在于":
        q = mentions[j - 1]
        if q.label in PLACE_LABELS and 0 < p.start - q.end <= 3 and not _not_subject(text, q):
            return j - 1
    return j


def _not_subject(text: str, p: Mention) -> bool:
    """作为江苏的…，这里… / 以北京亦庄为主阵地: the place describes, it does not act."""
    cfg = _cfg()["TARGETS"]
    before = text[_clause_start(text, p.start):p.start]
    if any(before.startswith(a) or before.endswith(a) for a in cfg["appositive_markers"]):
        return True
    after = text[p.end:p.end + 12]
    if before.endswith(cfg["instrument_marker"]) and cfg["instrument_close"] in after.split("，")[0].split(",")[0]:
        return True
    return False


def _topic_frame(text: str, mentions: list[Mention], i: int, cfg) -> tuple[str, str] | None:
    """在A领域，北京… -> the first place after the frame."""
    m = mentions[i]
    if not text[:m.start].endswith(cfg["topic_frame_open"]):
        return None
    if not any(text.startswith(w, m.end) for w in cfg["topic_frame_close"]):
        return None
    for p in mentions[i + 1:]:
        if p.label in PLACE_LABELS:
            return p.key
        if p.label in ("Policy", "Institution"):
            return None
    return None


def subject_place(text: str, mentions: list[Mention]) -> tuple[str, str] | None:
    """The last place that acts in the sentence (a place then a trigger within a few characters)."""
    cfg = _cfg()["TARGETS"]
    if not any(m.label in PLACE_LABELS for m in mentions):
        return None
    starts = [s for s, _ in _spans(text, "TARGETS.strong+TARGETS.weak")]
    subject = None
    for m in mentions:
        if m.label not in ("City", "Province", "Region", "Zone") or _not_subject(text, m):
            continue
        # Acting (a trigger follows closely) or opening the sentence (东莞是…).
        if m.start <= 1 or any(m.end <= s <= m.end + cfg["subject_window"] for s in starts):
            subject = m.key
    return subject


def supports(text: str, mentions: list[Mention]) -> list[Found]:
    """Policy / Institution -> Industry when a trigger follows the actor and precedes the
    industry (or the actor does something 为 the industry), and no place stands between
    them (then the place is the one acting)."""
    cfg = _cfg()["SUPPORTS"]
    if not any(m.label == "Industry" for m in mentions):
        return []
    triggers = _spans(text, "SUPPORTS.triggers+TARGETS.strong+TARGETS.weak")
    benefits = _spans(text, "SUPPORTS.beneficiary_verbs")
    found = []
    for i, m in enumerate(mentions):
        if m.label != "Industry":
            continue
        for j in range(i - 1, -1, -1):
            a = mentions[j]
            if a.label in ("Policy", "Institution"):
                if _is_means(text, mentions, j, cfg):
                    break
                between = text[a.end:m.start]
                beneficiary = (cfg["beneficiary_open"] in between
                               and any(bs >= m.end for bs, _ in benefits))
                if beneficiary or any(a.end <= ts and te <= m.start for ts, te in triggers):
                    found.append(Found("SUPPORTS", a.key, m.key, cfg["base_confidence"]))
                break
            if a.label in ("City", "Province", "Region", "Zone") and not _in_parentheses(text, a):
                break
    return found + _summarised(text, mentions, cfg)


def _in_parentheses(text: str, m: Mention) -> bool:
    """研究所（苏州纳米所）: a place inside a parenthetical alias does not act."""
    opened = max(text.rfind("(", 0, m.start), text.rfind("（", 0, m.start))
    closed = max(text.rfind(")", 0, m.start), text.rfind("）", 0, m.start))
    return opened > closed and (text.find(")", m.end) != -1 or text.find("）", m.end) != -1)


def _summarised(text: str, mentions: list[Mention], cfg) -> list[Found]:
    """…选取A、B等赛道，形成“5+12+X”体系: the plan supports the previous clause's industries."""
    found = []
    for p in mentions:
        if p.label != "Policy":
            continue
        lead = text[max(0, p.start - 4):p.start]
        if not any(v in lead for v in cfg["summary_verbs"]):
            continue
        this_clause = _clause_start(text, p.start)
        previous_clause = _clause_start(text, max(0, this_clause - 1))
        for m in mentions:
            if m.label == "Industry" and previous_clause <= m.start < this_clause:
                found.append(Found("SUPPORTS", p.key, m.key, cfg["plan_confidence"], True, m.start))
    return found


def _is_means(text: str, mentions: list[Mention], j: int, cfg) -> bool:
    """南京依托南京大学…: the institution is what the place relies on."""
    a = mentions[j]
    clause_start = _clause_start(text, a.start)
    before = text[clause_start:a.start]
    if not any(v in before for v in cfg["instrument_verbs"]):
        return False
    return any(p.label in PLACE_LABELS and clause_start <= p.start < a.start for p in mentions[:j])


def issued_by(text: str, mentions: list[Mention]) -> list[Found]:
    cfg = _cfg()["ISSUED_BY"]
    found = []
    if not any(m.label == "Policy" for m in mentions):
        return []
    verbs = _positions(text, "ISSUED_BY.verbs")
    for i, m in enumerate(mentions):
        if m.label != "Policy":
            continue
        if m.place is not None:
            found.append(Found("ISSUED_BY", m.key, m.place, cfg["prefix_confidence"], False, m.start))
            # 香港特别行政区政府发布《香港…蓝图》: the body that issued it, besides the place it is of.
            issuer = _verb_issuer(mentions, i, verbs, labels=("Institution",))
            if issuer is not None:
                found.append(Found("ISSUED_BY", m.key, issuer, cfg["base_confidence"], False, m.start))
            continue
        # 成都的“蓉漂计划”: the owner in the possessive.
        if i > 0 and mentions[i - 1].label in ("City", "Province", "Institution") \
                and text[mentions[i - 1].end:m.start] in ("的", "的“", "的\""):
            found.append(Found("ISSUED_BY", m.key, mentions[i - 1].key, cfg["possessive_confidence"], False, m.start))
            continue
        issuer = _verb_issuer(mentions, i, verbs)
        if issuer is not None:
            found.append(Found("ISSUED_BY", m.key, issuer, cfg["base_confidence"], False, m.start))
    return found


def _verb_issuer(mentions: list[Mention], i: int, verbs: list[int],
                 labels=("City", "Province", "Institution")) -> tuple[str, str] | None:
    """The nearest City / Province / Institution before an issuing verb before the policy."""
    m = mentions[i]
    before = [v for v in verbs if v <= m.start]
    if not before:
        return None
    issuers = [a for a in mentions[:i] if a.label in labels and a.end <= before[-1]]
    return issuers[-1].key if issuers else None


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
                if place[0] == "City":  # 苏州工业园区 -> 苏州 -> 江苏, even if 苏州 is not named alone
                    found += city_province([Mention(0, 0, "City", place[1], "place-data")])
    found += _region_members(mentions, cfg)
    return found


def _region_members(mentions: list[Mention], cfg) -> list[Found]:
    """City -> Region from the region data, when the sentence names both."""
    g = gz.load()
    regions = [m for m in mentions if m.label == "Region"]
    if not regions:
        return []
    cities = {m.name for m in mentions if m.label == "City"}
    provinces = {m.name for m in mentions if m.label == "Province"}
    found = []
    for r in regions:
        members = set(g.entries.get(r.key, gz.Entry("Region", r.name)).props.get("members", []))
        for name in sorted(cities & members):
            found.append(Found("LOCATED_IN", ("City", name), r.key, cfg["region_member_confidence"]))
        for name in sorted(provinces & members):
            found.append(Found("LOCATED_IN", ("Province", name), r.key, cfg["region_member_confidence"]))
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
        # (plan, issuer, sentence no., position in that sentence)
        self.recent: list[tuple[tuple[str, str], tuple[str, str], int, int]] = []
        self.sentence = 0

    def step(self, found: list[Found]) -> list[Found]:
        """Contents for plans named earlier: in earlier sentences, or before the target in this one."""
        self.sentence += 1
        self.recent = [r for r in self.recent if self.sentence - r[2] <= self.window]
        here = [(f.head, f.tail, self.sentence, f.at) for f in found if f.type == "ISSUED_BY"]
        already = {(f.head, f.tail) for f in found if f.type == "SUPPORTS"}
        out = []
        for f in found:
            if f.type != "TARGETS" or f.inferred:
                continue
            for plan, issuer, _, at in self.recent + here:
                if at >= 0 and (plan, issuer, self.sentence, at) in here and at > f.at:
                    continue  # the plan comes after the target in this sentence
                if issuer == f.head and (plan, f.tail) not in already:
                    already.add((plan, f.tail))
                    out.append(Found("SUPPORTS", plan, f.tail, self.confidence, inferred=True))
        self.recent += here
        return out
