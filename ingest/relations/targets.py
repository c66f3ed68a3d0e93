"""TARGETS: a place lays out, builds or focuses on an industry.

The subject is the nearest eligible place before the industry with a trigger
in between, after 在/于 ("在成都布局…"), or fronting the object ("南京把A作为
主攻方向"); places coordinated with it share the industry. A place in an
appositive (作为江苏的…) or instrument frame (以亦庄为主阵地) is not a subject.
A demonstrative (这里, 该市) or a sentence naming no place inherits `topic`
through a strong trigger in the industry's own clause (or a list introducer
when `local_topic`: the place acted earlier in this paragraph), marked inferred
with lower confidence; "在A领域，北京…" puts the industry before its place.
"""
from __future__ import annotations

import bisect

from ..mention import PLACE_LABELS, Mention
from .clauses import Found, Sentence

ANY_TRIGGER = "TARGETS.strong+TARGETS.weak"
_LONGEST_TRIGGER = 8  # characters: a trigger ending right before a list starts within this of it


def find(s: Sentence, topic: tuple[str, str] | None, local_topic: bool = False) -> list[Found]:
    slots = list(_industry_slots(s))
    if not slots:
        return []
    cfg = s.rules.relations.TARGETS
    mentions = s.mentions
    strong = s.spans("TARGETS.strong")
    anyt = sorted(strong + s.spans("TARGETS.weak"))
    fronting = s.spans("TARGETS.fronting_markers")
    fronting_verbs = s.spans("TARGETS.fronting_verbs")
    demonstratives = s.spans("TARGETS.demonstratives")
    inheriting = strong + (s.spans("TARGETS.list_intro") if local_topic else [])
    found: list[Found] = []
    for i, m in slots:
        copula = _copula_places(s, i, m)
        if copula:
            for p in copula:
                found.append(Found("TARGETS", p.key, m.key, cfg.base_confidence, False, m.start))
            continue
        actor = _actor(s, i, demonstratives, anyt)
        if actor is not None:
            start, end, place_index = actor
            if place_index is not None:
                place_index = _locative_owner(s, place_index)
                start, end = mentions[place_index].start, mentions[place_index].end
            governed = (_trigger_between(anyt, end, m.start)
                        or s.after_locative(start)
                        or _acts_in_field(s, end, m, anyt)
                        or (any(end <= fs < m.start for fs, _ in fronting)
                            and any(fs >= m.end for fs, _ in fronting_verbs)))
            if governed and place_index is None:
                if topic is not None:  # 这里 / 该市 -> the paragraph's place
                    found.append(Found("TARGETS", topic, m.key, cfg.demonstrative_confidence, True, m.start))
                for p in _objects_in_clause(s, i, -1, anyt):
                    found.append(Found("TARGETS", p.key, m.key, cfg.base_confidence, False, m.start))
                continue
            if governed:
                for p in s.coordinated(place_index) + _objects_in_clause(s, i, place_index, anyt):
                    if p.label == "Institution":  # a government acting for its place
                        found.append(Found("TARGETS", p.place, m.key, cfg.frame_confidence, True, m.start))
                    elif not s.not_subject(p):
                        found.append(Found("TARGETS", p.key, m.key, cfg.base_confidence, False, m.start))
                continue
        framed = _topic_frame(s, i)
        if framed is not None:
            found.append(Found("TARGETS", framed, m.key, cfg.frame_confidence, False, m.start))
        elif (actor is None and topic is not None
              and (any(s.clause_start(m.start) <= ts and te <= m.start for ts, te in inheriting)
                   or (_listed_item(s, m) and _acts_in_field(s, s.clause_start(m.start), m, anyt)))
              and not any(p.label in ("Policy", "Institution") and p.start >= _barrier(s, m.start)
                          for p in mentions[:i])):
            found.append(Found("TARGETS", topic, m.key, cfg.inferred_confidence, True, m.start))
    return found


def _industry_slots(s: Sentence):
    """(index, industry mention) for every industry the sentence names, including those inside a
    zone's name (合肥高新区将建设量子科技产业园: the zone's place targets 量子科技 too)."""
    for i, m in enumerate(s.mentions):
        if m.label == "Industry":
            yield i, m
        elif m.label == "Zone" and m.source != "gazetteer":
            for key in _inner_industries(s, m):
                yield i, Mention(m.start, m.end, "Industry", key[1], "zone-name")


def _inner_industries(s: Sentence, zone: Mention) -> list[tuple[str, str]]:
    """The industries a zone's name holds, leftmost-longest where they overlap (合成生物|产业园,
    not 合成 + 生物产业)."""
    hits = sorted(((start, end, key) for start, end, _s, key in s.gazetteer.find(zone.name)
                   if key[0] == "Industry"), key=lambda h: (h[0], h[0] - h[1]))
    taken, free_from = [], 0
    for start, end, key in hits:
        if start >= free_from:
            taken.append(key)
            free_from = end
    return taken


def layouts(s: Sentence, found: list[Found]) -> list[Found]:
    """以A、B为核心区、C为辐射区，重点发展X: every place given a layout role targets what the
    sentence's places target (Conventions 7)."""
    cfg = s.rules.relations.TARGETS
    roled = [m for i, m in enumerate(s.mentions) if m.label in PLACE_LABELS and _layout_role(s, i)]
    if not roled:
        return []
    industries = {f.tail: f for f in found if f.type == "TARGETS"}
    have = {(f.head, f.tail) for f in found if f.type == "TARGETS"}
    return [Found("TARGETS", p.key, tail, cfg.frame_confidence, False, f.at)
            for p in roled for tail, f in industries.items() if (p.key, tail) not in have]


def _layout_role(s: Sentence, i: int) -> bool:
    """Is the place at i in '以…为<role>' (or '…为<role>' continuing such a frame)?"""
    cfg = s.rules.relations.TARGETS
    group = s.coordinated(i)
    end = max(m.end for m in group)
    close = s.text.find(cfg.instrument_close, end, s.clause_end(end))
    # what stands between is more list items the gazetteer does not know (、东部新区)
    between = s.text[end:close]
    if close == -1 or len(between) > 8 or (between and not between.startswith(tuple(s.rules.chars.list_glue))):
        return False
    if not s.text.startswith(tuple(cfg.layout_roles), close + len(cfg.instrument_close)):
        return False
    start = min(m.start for m in group)
    opened = s.text.rfind(cfg.instrument_marker, s.clause_start(start), start)
    return opened != -1 or s.text[max(0, start - 1):start] in ("、", "，", ",")


def named_industries(s: Sentence) -> list[Found]:
    """A zone named after industries targets them: 西湖区商业航天未来产业先导区 -> 商业航天."""
    confidence = s.rules.relations.TARGETS.named_industry_confidence
    found = []
    for m in s.mentions:
        if m.label != "Zone" or m.source == "gazetteer":
            continue
        district = m.props.get("district")
        for key in _inner_industries(s, m):
            found.append(Found("TARGETS", m.key, key, confidence, False, m.start))
            if district:  # 西湖区商业航天…先导区: the district targets it too (Conventions 6)
                found.append(Found("TARGETS", district, key, confidence, True, m.start))
    return found


def subject_place(s: Sentence) -> tuple[str, str] | None:
    """The last place that acts in the sentence (a place then a trigger within a few characters):
    the place later sentences of the paragraph inherit."""
    if not s.has(*PLACE_LABELS):
        return None
    window = s.rules.relations.TARGETS.subject_window
    starts = [start for start, _ in s.spans(ANY_TRIGGER)]  # in text order
    subject = None
    for m in s.mentions:
        if m.label not in PLACE_LABELS:
            continue
        # Acting (a trigger follows closely) or opening the sentence (东莞是…).
        k = bisect.bisect_left(starts, m.end)
        acting = m.start <= 1 or (k < len(starts) and starts[k] <= m.end + window)
        if acting and not s.not_subject(m):
            subject = m.key
    return subject


def _trigger_between(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Does a trigger (spans in text order) stand wholly between `start` and `end`?"""
    k = bisect.bisect_left(spans, (start, -1))
    return k < len(spans) and spans[k][1] <= end


def _listed_item(s: Sentence, m) -> bool:
    """Is the industry an item of a list (another item, 等 or a closing field word follows it)?"""
    nxt = s.text[m.end:m.end + 1]
    return bool(nxt) and (s.text.startswith(tuple(s.rules.chars.list_glue), m.end) or nxt == "等"
                          or s.text.startswith(tuple(s.rules.lists.field_words), m.end))


def _copula_places(s: Sentence, i: int, m) -> list:
    """低空经济的试点是南京市浦口区和苏州市吴江区: the places named after 'industry 的 试点 是'."""
    after = s.rules.relations.TARGETS.copula.match(s.text, m.end)
    if after is None:
        return []
    end = s.clause_end(after.end())
    places = [q for q in s.mentions[i + 1:] if q.label in PLACE_LABELS and after.end() <= q.start < end]
    if not places:
        return []
    first = s.mentions.index(places[0])
    return [q for q in s.coordinated(first)] + [q for q in places[1:] if q not in s.coordinated(first)
                                                and _in_same_list(s, places[0], q)]


def _in_same_list(s: Sentence, a, b) -> bool:
    """Places of one enumeration: only list glue and place names between them (南京市浦口区和苏州市吴江区)."""
    between = s.text[a.end:b.start]
    names = [q for q in s.mentions if a.end <= q.start and q.end <= b.start]
    for q in names:
        between = between.replace(s.text[q.start:q.end], "")
    return s.is_glue(between)


def _barrier(s: Sentence, pos: int) -> int:
    """Where the part of the sentence holding `pos` starts (after the last semicolon)."""
    return max(s.text.rfind(c, 0, pos) for c in s.rules.chars.subject_barriers) + 1


def _actor(s: Sentence, i: int, demonstratives, triggers) -> tuple[int, int, int | None] | None:
    """The nearest would-be subject before mention i, not across a semicolon:
    (start, end, index of the place or None for 这里). Places that are the object of a
    verb (该省将做强济南、青岛…基地) give way to a subject before that verb."""
    m = s.mentions[i]
    barrier = _barrier(s, m.start)
    best = None
    j = i - 1
    while j >= 0:
        p = s.mentions[j]
        if p.start < barrier:
            break
        if p.label in PLACE_LABELS and _scope_of_earlier_clause(s, j, m.start):
            break  # 覆盖南京、无锡等地，涵盖A: the places were listed as scope; the subject is elsewhere
        if p.label == "Institution" and p.place is not None and s.body_kind(p) == "government":
            best = (p.start, p.end, j)  # 山西省政府…重点培育A: a place's government acts for it
            break
        if p.label in PLACE_LABELS and not s.not_subject(p):
            verb_start = _object_of(s, j, triggers)
            if verb_start is not None:
                first = min(k for k, q in enumerate(s.mentions) if q in s.coordinated(j))
                earlier = _subject_before(s, first, verb_start, demonstratives)
                if earlier is not None:
                    return earlier
            best = (p.start, p.end, j)
            break
        j -= 1
    for ds, de in demonstratives:
        if barrier <= ds and de <= m.start and (best is None or ds >= best[1]):
            best = (ds, de, None)
    return best


def _object_of(s: Sentence, j: int, triggers) -> int | None:
    """Where the verb starts when the place list holding mention j is its object (the verb right
    before the list and no verb right after it: 做强济南、青岛…基地, not 支持济南、青岛等市推进)."""
    group = s.coordinated(j)
    start, end = min(q.start for q in group), max(q.end for q in group)
    k = bisect.bisect_left(triggers, (start - 1 - _LONGEST_TRIGGER, -1))
    verb = next((ts for ts, te in triggers[k:k + 2 * _LONGEST_TRIGGER + 4] if start - 1 <= te <= start), None)
    if verb is None:
        return None
    after = end
    for closer in sorted(s.rules.relations.SUPPORTS.scope_list_closers + ["等"], key=len, reverse=True):
        if s.text.startswith(closer, end):
            after = end + len(closer)
            break
    if any(after <= ts <= after + 1 for ts, _ in triggers):
        return None  # a pivot: the listed places act
    return verb


def _objects_in_clause(s: Sentence, i: int, subject: int, triggers) -> list:
    """该省将做强济南、青岛4大机器人产业基地: the places a verb takes as its object, in the
    industry's own clause, target the industry too."""
    clause = s.clause_start(s.mentions[i].start)
    for j in range(i - 1, subject, -1):
        p = s.mentions[j]
        if p.start < clause:
            break
        if p.label in PLACE_LABELS and _object_of(s, j, triggers) is not None:
            return s.coordinated(j)
    return []


def _subject_before(s: Sentence, first: int, verb_start: int, demonstratives):
    """A place or demonstrative before the verb, in the verb's clause."""
    clause = s.clause_start(verb_start)
    for k in range(first - 1, -1, -1):
        q = s.mentions[k]
        if q.start < clause:
            break
        if q.label in PLACE_LABELS and not s.not_subject(q):
            return (q.start, q.end, k)
    for ds, de in reversed(demonstratives):
        if clause <= ds and de <= verb_start:
            return (ds, de, None)
    return None


def _scope_of_earlier_clause(s: Sentence, j: int, industry_start: int) -> bool:
    """A place listed as scope (…等地) that closes its clause, before the industry's clause."""
    end = s.scope_list_end(j)
    return (end is not None and end < len(s.text) and s.text[end] in s.rules.chars.clause_ends
            and end < industry_start)


def _acts_in_field(s: Sentence, place_end: int, m, triggers) -> bool:
    """苏州市在新型疫苗等领域争取突破, 该市生物医药产业在A、B等细分板块形成优势: the actor, 在
    after it in the same clause, the industry, then a verb in that clause."""
    between = s.text[place_end:m.start]
    at = next((i for i, c in enumerate(between) if c in s.rules.chars.locative), None)
    if at is None:
        return False
    if any(c in between for c in s.rules.chars.clause_ends):
        return False
    clause_end = s.clause_end(m.end)
    return any(m.end <= ts < clause_end for ts, _ in triggers)


def _locative_owner(s: Sentence, j: int) -> int:
    """上海在临港新片区布局… : the place before 在 acts; the zone after it is where."""
    p = s.mentions[j]
    if j > 0 and s.after_locative(p.start):
        q = s.mentions[j - 1]
        gap = s.rules.relations.TARGETS.locative_owner_gap
        if q.label in PLACE_LABELS and 0 < p.start - q.end <= gap and not s.not_subject(q):
            return j - 1
    return j


def _topic_frame(s: Sentence, i: int) -> tuple[str, str] | None:
    """在A领域，北京… -> the first place after the frame."""
    cfg = s.rules.relations.TARGETS
    m = s.mentions[i]
    if not s.text[:m.start].endswith(cfg.topic_frame_open):
        return None
    if not any(s.text.startswith(w, m.end) for w in cfg.topic_frame_close):
        return None
    for p in s.mentions[i + 1:]:
        if p.label in PLACE_LABELS:
            return p.key
        if p.label in ("Policy", "Institution"):
            return None
    return None
