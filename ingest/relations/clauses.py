"""What every relationship finder shares: the sentence it reads and clause helpers."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..gazetteer import Gazetteer
from ..mention import PLACE_LABELS, Mention
from ..rules import Rules


@dataclass(frozen=True)
class Found:
    type: str
    head: tuple[str, str]
    tail: tuple[str, str]
    confidence: float
    inferred: bool = False
    at: int = -1  # where in the sentence the tail (TARGETS) or the policy (ISSUED_BY) stands


@dataclass
class Sentence:
    """One sentence's simplified text and its mentions (offsets within the sentence)."""

    text: str
    mentions: list[Mention]
    rules: Rules
    gazetteer: Gazetteer

    def spans(self, lexicon: str) -> list[tuple[int, int]]:
        """(start, end) of every word of `lexicon` ("TYPE.key+TYPE.key") in the sentence."""
        return self.rules.spans(self.text, lexicon)

    def has(self, *labels: str) -> bool:
        present = self.__dict__.get("_labels")
        if present is None:
            present = self.__dict__["_labels"] = {m.label for m in self.mentions}
        return any(label in present for label in labels)

    def is_glue(self, between: str) -> bool:
        """Is `between` only what joins list items (、, 和, 以及 …; 以 alone is not)?"""
        return _glue(tuple(self.rules.chars.list_glue)).fullmatch(between) is not None

    def clause_start(self, pos: int) -> int:
        """Where the clause holding `pos` starts (after the last clause end before it)."""
        return max(self.text.rfind(c, 0, pos) for c in self.rules.chars.clause_ends) + 1

    def clause_end(self, pos: int) -> int:
        """Where the clause holding `pos` ends (at the first clause end after it)."""
        ends = [i for i in (self.text.find(c, pos) for c in self.rules.chars.clause_ends) if i != -1]
        return min(ends, default=len(self.text))

    def body_kind(self, m: Mention) -> str:
        """"government", "media", "international", "firm" (firms and research bodies) for an Institution."""
        cfg = self.rules.institutions
        if m.props.get("kind") == "media":
            return "media"
        if m.name.startswith(tuple(cfg.international_prefixes)) or m.name.endswith(tuple(cfg.international_suffixes)):
            return "international"
        entry = self.gazetteer.entries.get(m.key)
        kind = entry.props.get("kind") if entry else None
        if kind:
            if kind == "media":
                return "media"
            return "firm" if kind in cfg.firm_kinds else "government"
        if m.name.endswith(tuple(cfg.media_suffixes)) or any(w in m.name for w in cfg.media_words):
            return "media"
        if m.name.endswith(tuple(cfg.government_suffixes)):
            return "government"
        return "firm"

    def after_locative(self, pos: int) -> bool:
        """Does 在 / 于 stand right before `pos`?"""
        return self.text[max(0, pos - 1)] in self.rules.chars.locative

    def coordinated(self, index: int, labels: tuple[str, ...] = PLACE_LABELS) -> list[Mention]:
        """The mention at `index` plus its neighbours in an A、B和C list of `labels` (places)."""
        mentions = self.mentions
        group = [mentions[index]]
        for step in (-1, 1):
            i = index
            while 0 <= i + step < len(mentions):
                a, b = (mentions[i + step], mentions[i]) if step < 0 else (mentions[i], mentions[i + step])
                nxt = mentions[i + step]
                if nxt.label not in labels or not self.is_glue(self.text[a.end:b.start]):
                    break
                group.append(nxt)
                i += step
        return group

    def scope_list_end(self, index: int) -> int | None:
        """覆盖南京、无锡等地: where the closer of the place list holding mention `index` ends,
        or None when the place is not in such a list (a scope verb, the places, a closer).
        联动芜湖、蚌埠等地 lists partners, not scope."""
        group = self.coordinated(index)
        start, end = min(m.start for m in group), max(m.end for m in group)
        cfg = self.rules.relations.SUPPORTS
        if not self.text[max(0, start - cfg.scope_verb_window):start].endswith(tuple(cfg.scope_verbs)):
            return None
        for closer in sorted(self.rules.relations.SUPPORTS.scope_list_closers, key=len, reverse=True):
            if self.text.startswith(closer, end):
                return end + len(closer)
        return None

    def not_subject(self, p: Mention) -> bool:
        """作为江苏的…，这里… / 以北京亦庄为主阵地: the place describes, it does not act."""
        cfg = self.rules.relations.TARGETS
        before = self.text[self.clause_start(p.start):p.start]
        if any(before.startswith(a) or before.endswith(a) for a in cfg.appositive_markers):
            return True
        after = self.text[p.end:p.end + cfg.instrument_window]
        for comma in self.rules.chars.commas:
            after = after.split(comma)[0]
        if before.endswith(cfg.instrument_marker) and cfg.instrument_close in after:
            return True
        return False

    def in_parentheses(self, m: Mention) -> bool:
        """研究所（苏州纳米所）: a place inside a parenthetical alias does not act."""
        opens, closes = self.rules.chars.open_brackets, self.rules.chars.close_brackets
        opened = max(self.text.rfind(c, 0, m.start) for c in opens)
        closed = max(self.text.rfind(c, 0, m.start) for c in closes)
        return opened > closed and any(self.text.find(c, m.end) != -1 for c in closes)


@lru_cache(maxsize=None)
def _glue(words: tuple[str, ...]) -> re.Pattern:
    return re.compile("(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")*")
