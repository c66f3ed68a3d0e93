"""SUPPORTS: a policy or institution backs an industry.

A trigger follows the actor and precedes the industry (or the actor does
something 为 the industry), and no place stands between them (then the place
is the one acting). A plan that sums up the previous clause's industries
supports them, and `PlanContents` carries a place's plan over to the place's
targets in the next sentences.
"""
from __future__ import annotations

from ..mention import PLACE_LABELS
from .clauses import Found, Sentence

TRIGGERS = "SUPPORTS.triggers+TARGETS.strong+TARGETS.weak"


def find(s: Sentence) -> list[Found]:
    if not s.has("Industry"):
        return []
    cfg = s.rules.relations.SUPPORTS
    text, mentions = s.text, s.mentions
    triggers = s.spans(TRIGGERS)
    benefits = s.spans("SUPPORTS.beneficiary_verbs")
    found = []
    for i, m in enumerate(mentions):
        if m.label != "Industry":
            continue
        for j in range(i - 1, -1, -1):
            a = mentions[j]
            if a.label in ("Policy", "Institution"):
                if _is_means(s, j) or _issues_here(s, j):
                    break
                between = text[a.end:m.start]
                beneficiary = (cfg.beneficiary_open in between
                               and any(bs >= m.end for bs, _ in benefits))
                if beneficiary or any(a.end <= ts and te <= m.start for ts, te in triggers):
                    # 大众、蔚来、江淮…形成A: the bodies listed with the actor share what it does.
                    for b in s.coordinated(j, (a.label,)):
                        found.append(Found("SUPPORTS", b.key, m.key, cfg.base_confidence))
                break
            if a.label in PLACE_LABELS and not s.in_parentheses(a) and not _in_scope_list(s, j):
                break
    found += _summarised(s) + _inclusive(s) + _stated_contents(s, {(f.head, f.tail) for f in found})
    return found + _cooccurring(s, {(f.head, f.tail) for f in found})


def _stated_contents(s: Sentence, known: set) -> list[Found]:
    """《方案》提出，两江新区将做大做强A、B: the policy states its contents (Conventions 5)."""
    cfg = s.rules.relations.SUPPORTS
    found = []
    for i, p in enumerate(s.mentions):
        if p.label != "Policy":
            continue
        rest = s.text[p.end:p.end + 4].lstrip("》”\"")
        if not rest.startswith(tuple(cfg.content_verbs)):
            continue
        for m in s.mentions[i + 1:]:
            if m.label == "Industry" and (p.key, m.key) not in known:
                known.add((p.key, m.key))
                found.append(Found("SUPPORTS", p.key, m.key, cfg.base_confidence, False, m.start))
    return found


def _in_scope_list(s: Sentence, j: int) -> bool:
    return s.scope_list_end(j) is not None


def _inclusive(s: Sentence) -> list[Found]:
    """实施包括A、B等在内的八大强链行动, A、B等4个省级产业基地: the policy right after the list
    covers the industries listed before it in its clause."""
    cfg = s.rules.relations.SUPPORTS
    found = []
    for i, p in enumerate(s.mentions):
        if p.label != "Policy":
            continue
        before = s.text[:p.start]
        if before.endswith(tuple(cfg.inclusive_close)):
            opened = max(s.text.rfind(w, 0, p.start) for w in cfg.inclusive_open)
            if opened < 0 or opened < s.clause_start(p.start):
                continue
        elif cfg.counted_list.search(before):
            opened = s.clause_start(p.start) - 1
        else:
            continue
        for m in s.mentions[:i]:
            if m.label == "Industry" and m.start > opened:
                found.append(Found("SUPPORTS", p.key, m.key, cfg.base_confidence, False, m.start))
    return found


def _cooccurring(s: Sentence, known: set) -> list[Found]:
    """A firm or research body and an industry in one clause: the first industry after the body
    (past the bodies listed with it), else the nearest one before it."""
    confidence = s.rules.relations.SUPPORTS.cooccurrence_confidence
    found = []
    for i, a in enumerate(s.mentions):
        if a.label != "Institution" or s.body_kind(a) != "firm":
            continue
        start, end = s.clause_start(a.start), s.clause_end(a.end)
        after = [m for m in s.mentions[i + 1:] if m.label == "Industry" and m.start < end]
        before = [m for m in s.mentions[:i] if m.label == "Industry" and m.start >= start]
        industry = after[0] if after else (before[-1] if before else None)
        if industry is not None and (a.key, industry.key) not in known:
            known.add((a.key, industry.key))
            found.append(Found("SUPPORTS", a.key, industry.key, confidence, False, industry.start))
    return found


def _summarised(s: Sentence) -> list[Found]:
    """…选取A、B等赛道，形成“5+12+X”体系: the plan supports the previous clause's industries."""
    cfg = s.rules.relations.SUPPORTS
    found = []
    for p in s.mentions:
        if p.label != "Policy":
            continue
        lead = s.text[max(0, p.start - cfg.summary_window):p.start]
        if not any(v in lead for v in cfg.summary_verbs):
            continue
        this_clause = s.clause_start(p.start)
        previous_clause = s.clause_start(max(0, this_clause - 1))
        for m in s.mentions:
            if m.label == "Industry" and previous_clause <= m.start < this_clause:
                found.append(Found("SUPPORTS", p.key, m.key, cfg.plan_confidence, True, m.start))
    return found


def _issues_here(s: Sentence, j: int) -> bool:
    """已由市政府办公厅印发，明确打造A: a government body issuing a plan; the plan, not the body,
    covers what follows."""
    a = s.mentions[j]
    if a.label != "Institution" or s.body_kind(a) != "government":
        return False
    end = s.clause_end(a.end)
    return any(a.end <= vs < end for vs, _ in s.spans("ISSUED_BY.verbs"))


def _is_means(s: Sentence, j: int) -> bool:
    """南京依托南京大学…: the institution is what the place relies on."""
    a = s.mentions[j]
    clause_start = s.clause_start(a.start)
    before = s.text[clause_start:a.start]
    if not any(v in before for v in s.rules.relations.SUPPORTS.instrument_verbs):
        return False
    return any(p.label in PLACE_LABELS and clause_start <= p.start < a.start for p in s.mentions[:j])


class PlanContents:
    """A plan a place issues, then that place's targets in the next sentences: the plan's contents.

    "杭州发布《规划》。杭州将重点打造A、B" -> SUPPORTS(规划 -> A, B), inferred,
    within `window` sentences of the plan in the same paragraph.
    """

    def __init__(self, window: int, confidence: float):
        self.window = window
        self.confidence = confidence
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
