"""Coordinated lists complete the gazetteer: in "A、B和C", if some items are known
industries, the unknown items are industries too (存储芯片、显示驱动芯片和功率半导体).

Middle items are bounded by separators on both sides; the first item is cut
after the last trigger or breaking character before it, the last item before
an ender (等, 产业, 领域 …). A known industry that only covers part of an item
(芯片 in 存储芯片) gives way to the whole item.
"""
from __future__ import annotations

import bisect
import re

from .mention import Mention
from .rules import Rules, word_automaton


class ListCompleter:
    """complete(text, mentions, generic): built once from the rules."""

    def __init__(self, rules: Rules):
        cfg = rules.lists
        triggers = rules.relations.TARGETS
        self.breaks = set(rules.chars.list_break)
        self.clause = re.compile("[^" + re.escape(rules.chars.list_clause_ends) + "]+")
        self.joiners = sorted(cfg.item_joiners, key=len, reverse=True)
        self.joiner = re.compile("|".join(map(re.escape, self.joiners)))
        self.enders = tuple(sorted(cfg.item_enders + triggers.fronting_verbs, key=len, reverse=True))
        self.leader_automaton = word_automaton(triggers.strong + triggers.weak)
        # 在A、B中: a postposition ends an item only where the phrase ends (现代中药 keeps its 中)
        postpositions = "|".join(re.escape(w) + r"(?![\u4e00-\u9fffA-Za-z0-9])" for w in cfg.item_postpositions)
        self.ender = re.compile("|".join(map(re.escape, self.enders)) + ("|" + postpositions if postpositions else ""))
        self.not_whole = re.compile("[" + re.escape("".join(sorted(self.breaks))) + "]|" + self.ender.pattern)
        self.min = cfg.item_min_chars
        self.max = cfg.item_max_chars
        self.min_known = cfg.min_known_items
        self.min_known_share = cfg.min_known_share
        self.heads = set(cfg.item_heads)
        self.field_words = tuple(sorted(cfg.field_words, key=len, reverse=True))
        self.etc = tuple(cfg.etc_words)
        self.function_chars = set(rules.names.name_breakers)
        self.first_item_stops = set(cfg.first_item_stops)
        self.firm_closer = re.compile(cfg.firm_closer)
        self.firm_item_end = re.compile(cfg.firm_item_end)
        self.firm_reject_endings = tuple(cfg.firm_item_reject_endings)
        self.verbs = self.leader_automaton  # a trigger inside an item: no firm name
        self.modifiers = tuple(sorted(cfg.item_modifiers, key=len, reverse=True))
        self.field_automaton = word_automaton(cfg.governed_field_words)
        self.field_verbs = word_automaton(cfg.field_verbs)
        self.field_shape = re.compile(cfg.field_shape)
        self.not_fields = set(cfg.not_fields)
        self.field_heads = tuple(cfg.field_heads)
        # words no field's name begins with (区内人工智能: "in the district") and endings of bodies'
        # names (人工智能研究院 is an institute, not a field), shared with the name tagger's fields
        self.not_leading = tuple(sorted(rules.industries.tagged_not_leading, key=len, reverse=True))
        self.body_endings = tuple(rules.names.institution_suffixes)

    def _field_start(self, text: str, s: int, mentions: list[Mention], ks: list[int]) -> tuple[int, list[int]]:
        """The open start of a field list's first item: its first known industry, with a
        modifier written before it (新型|疫苗); what stands further left is unknown."""
        first = next((k for k in ks if mentions[k].label == "Industry"), None)
        if first is None:
            return min(mentions[k].start for k in ks), ks
        start = mentions[first].start
        for modifier in self.modifiers:
            if start - len(modifier) >= s and text.startswith(modifier, start - len(modifier)):
                start -= len(modifier)
                break
        return start, [k for k in ks if mentions[k].start >= start]

    def _closed_as_fields(self, text: str, end: int) -> bool:
        """Does a word for fields (领域, 产业 …), maybe after 等, follow the list's last item?"""
        rest = text[end:end + 8]
        for w in self.etc:
            if rest.startswith(w):
                rest = rest[len(w):]
                break
        rest = rest.lstrip("0123456789一二三四五六七八九十大个项类")
        return rest.startswith(self.field_words)

    def __call__(self, text: str, mentions: list[Mention], generic: set[str]) -> list[Mention]:
        """`mentions` plus list items recognised as industries or firms (source "list"), in text order."""
        mentions = self._governed_fields(text, mentions, generic)
        if not any(j in text for j in self.joiners):
            return mentions
        return self._firms(text, self._industries(text, mentions, generic), generic)

    def _governed(self, text: str, start: int) -> bool:
        """Does a development verb (重点发展, 培育 …) govern what starts at `start` (重点发展以A、B为主的…,
        发展了A)? A stop character or 了 may stand between."""
        pos = start
        while pos > 0 and (text[pos - 1] in self.first_item_stops or text[pos - 1] in "了以"):
            pos -= 1
        lo = max(0, pos - 6)
        return any(end + 1 == pos for end, _n in self.field_verbs.iter(text, lo, pos))

    def _field_item(self, name: str, generic: set[str]) -> bool:
        """Can `name` be one field of a governed list (发展A、B等产业): short, no function or
        breaking character, no digit, not a generic phrase, no verb inside."""
        return (self.min <= len(name) <= self.max and name not in generic
                and self.field_shape.fullmatch(name) is not None
                and (name.endswith(self.field_heads) or name.isascii())
                and not any(c in self.function_chars for c in name)
                and not any(True for _ in self.verbs.iter(name))
                and name not in self.not_fields)

    def _governed_fields(self, text: str, mentions: list[Mention], generic: set[str]) -> list[Mention]:
        """发展合金材料产业, 培育新药研发领域: one field between a development verb and a word for
        fields is an industry, known or not (a known one inside gives way to the whole)."""
        added, replaced = [], set()
        ends = [m.end for m in mentions]  # mentions do not overlap: ends are in order too
        for end, n in self.field_automaton.iter(text):
            field_start = end + 1 - n
            lo = max(0, field_start - self.max - 6)
            for v_end, _v in self.field_verbs.iter(text, lo, field_start):
                governed_at = v_end + 1
                lead = next((w for w in self.not_leading if text.startswith(w, governed_at, field_start)
                             and field_start - governed_at - len(w) >= self.min), "")
                start = governed_at + len(lead)
                name = text[start:field_start]
                if not name or not self._field_item(name, generic) or not self._governed(text, governed_at):
                    continue
                inside = [k for k in range(bisect.bisect_left(ends, start + 1), len(mentions))
                          if mentions[k].start < field_start]
                if any(mentions[k].label != "Industry" or mentions[k].start < start or mentions[k].end > field_start
                       for k in inside):
                    continue
                if any(mentions[k].start == start and mentions[k].end == field_start for k in inside):
                    continue  # already exactly an industry
                replaced.update(inside)
                added.append(Mention(start, field_start, "Industry", name, "list"))
                break
        if not added:
            return mentions
        kept = [m for k, m in enumerate(mentions) if k not in replaced]
        return sorted(kept + added, key=lambda m: m.start)

    def _firms(self, text: str, mentions: list[Mention], generic: set[str]) -> list[Mention]:
        """大众、蔚来、江淮3家整车企业: the unknown items of a list closed by a word for firms are
        Institutions (Conventions 4: short names count when the text uses them as actors)."""
        added = []
        for items in _lists(text, self):
            last_end = items[-1][1]
            cut = self.firm_item_end.match(text, items[-1][0])
            if cut:  # the last item ends before a count or 等 (江淮|3家整车企业)
                last_end = items[-1][0] + len(cut.group(1))
                items = items[:-1] + [(items[-1][0], last_end)]
            if not self.firm_closer.match(text, last_end):
                continue
            firms = {(m.start, m.end) for m in mentions if m.label == "Institution"}
            if any(text[s:e].endswith(self.firm_reject_endings) and (s, e) not in firms for s, e in items):
                continue  # 高成长、初创期等科技企业: kinds of firm, not names (中石化 is a firm the catalogue knows)
            for s, e in items:
                name = text[s:e]
                if (any(m.start < e and s < m.end for m in mentions) or name in generic
                        or not (self.min <= len(name) <= self.max)
                        or any(c in self.breaks or c in self.function_chars for c in name)
                        or any(True for _ in self.verbs.iter(name))):
                    continue
                added.append(Mention(s, e, "Institution", name, "list"))
        return sorted(mentions + added, key=lambda m: m.start) if added else mentions

    def _industries(self, text: str, mentions: list[Mention], generic: set[str]) -> list[Mention]:
        cfg = self
        added: list[Mention] = []
        replaced: set[int] = set()
        for items in _lists(text, cfg):
            covering = [[k for k, m in enumerate(mentions) if m.start < e and s < m.end] for s, e in items]
            known = sum(1 for (s, e), ks in zip(items, covering)
                        if len(ks) == 1 and mentions[ks[0]].label == "Industry"
                        and mentions[ks[0]].start == s and mentions[ks[0]].end == e)
            # Trust the list when enough of it is already known to be industries, or when a word
            # for fields closes it (…等领域) and some item holds a known industry.
            closed = (self._closed_as_fields(text, items[-1][1])
                      and not any(text[s] in self.function_chars for s, _ in items))  # 以A、以B: clauses
            trusted = known >= max(cfg.min_known, len(items) * cfg.min_known_share)
            # 重点发展A、B、C等产业: a list a development verb governs is a list of fields, known or not
            governed = (self._governed(text, items[0][0])
                        and (closed or text.startswith(self.etc, items[-1][1]) or len(items) >= 3)
                        and all(self._field_item(text[s:e], generic) or any(mentions[k].label == "Industry"
                                                                             for k in ks)
                                for (s, e), ks in zip(items, covering)))
            if len(items) < 2 or not (trusted or governed or closed and any(
                    mentions[k].label == "Industry" for ks in covering for k in ks)):
                continue
            for n, ((s, e), ks) in enumerate(zip(items, covering)):
                ms = [mentions[k] for k in ks]
                if n == 0 and ms and closed:
                    s, ks = self._field_start(text, s, mentions, ks)  # 苏州市在|新型疫苗
                    ms = [mentions[k] for k in ks]
                elif n == 0 and ms:
                    s = min(m.start for m in ms)  # a known name bounds the open start (把握|人工智能)
                if any(m.label != "Industry" for m in ms):
                    continue  # a place, policy or institution in the list: leave it
                if any(m.start < s or m.end > e for m in ms):
                    continue  # a known name spans the separator (软件和信息服务)
                bounded = closed and n < len(items) - 1  # separators on both sides
                if len(ms) == 1 and ms[0].start == s and text[ms[0].end:e] not in cfg.heads and not bounded:
                    continue  # 生物医药 + 作为…: the known name is the item
                if len(ms) == 1 and ms[0].start == s and ms[0].end == e:
                    continue  # already exactly an industry
                name = text[s:e]
                if name in generic or not (cfg.min <= len(name) <= cfg.max) or name.isdigit():
                    continue
                if name.endswith(self.body_endings):
                    continue  # 展示中心、人工智能研究院: a body named for the field, not the field
                replaced.update(ks)
                added.append(Mention(s, e, "Industry", name, "list"))
        if not added:
            return mentions
        kept = [m for k, m in enumerate(mentions) if k not in replaced]
        return sorted(kept + added, key=lambda m: m.start)


def _lists(text: str, cfg) -> list[list[tuple[int, int]]]:
    """Item spans of every coordinated list in `text`.

    A part that cannot be a whole item (too long, or holding an ender) ends one
    list and starts the next: "A、B等服务业作用于推动C、D" is two lists.
    """
    out = []
    for clause in cfg.clause.finditer(text):
        c_start, c_text = clause.start(), clause.group()
        chain: list[tuple[int, int]] = []
        for s, e in _split(c_text, cfg):
            if chain and _whole(c_text, s, e, cfg):
                chain.append((s, e))
                continue
            if chain:  # this part closes the current list ...
                chain.append((s, _before_ender(c_text, s, e, cfg)))
                out.append(_finish(chain, c_start))
            chain = [(_after_leader(c_text, s, e, cfg), e)]  # ... and opens the next
        if len(chain) >= 2:
            last_s, last_e = chain[-1]
            chain[-1] = (last_s, _before_ender(c_text, last_s, last_e, cfg))
            out.append(_finish(chain, c_start))
    return [items for items in out if len(items) >= 2]


def _whole(clause: str, s: int, e: int, cfg) -> bool:
    """Can this part be a whole list item (short, no breaking character, no ender inside)?"""
    return e - s <= cfg.max and not cfg.not_whole.search(clause, s + 1, e) and clause[s] not in cfg.breaks


def _finish(chain: list[tuple[int, int]], offset: int) -> list[tuple[int, int]]:
    return [(offset + s, offset + e) for s, e in chain if e > s]


def _split(clause: str, cfg) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in cfg.joiner.finditer(clause):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(clause)))
    return [(s, e) for s, e in spans if e > s]


def _after_leader(clause: str, s: int, e: int, cfg) -> int:
    """Start of the first item: after the last trigger or breaking character before the separator.
    With neither within reach the start is unknown and the item is dropped (start = end)."""
    if e - s <= cfg.max:
        best = s  # the clause starts the item
    else:
        best = e
    lo = max(s, e - cfg.max - 4)
    # The boundary in text order wins: a breaking character or the end of a leader word,
    # whichever starts last (at one position, the character first, then the word).
    events = [(i, 0, i + 1) for i in range(lo, e) if clause[i] in cfg.breaks or clause[i] in cfg.first_item_stops]
    events += [(end + 1 - n, 1, end + 1) for end, n in cfg.leader_automaton.iter(clause, lo, e)]
    if events:
        best = max(events)[2]
    return best if e - best <= cfg.max else e


def _before_ender(clause: str, s: int, e: int, cfg) -> int:
    """End of the last item: before the first ender or breaking character."""
    for i in range(s, min(e, s + cfg.max + 1)):
        if clause[i] in cfg.breaks or cfg.ender.match(clause, i):
            return i
    return e if e - s <= cfg.max else s  # no clear end: not an item
