"""Find entity mentions in simplified text: gazetteer hits plus name patterns from rules.toml.

Candidates from every source are pooled and the longest non-overlapping ones
win, so 成都市社会科学院 (an institution pattern) beats the city 成都市 inside it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import gazetteer as gz
from .mention import Mention
from .rules import Rules, word_automaton


@dataclass
class Patterns:
    abbreviation: list[re.Pattern]  # the abbreviation is group "abbr"
    policy_title: re.Pattern
    policy_words: tuple[str, ...]
    programme: re.Pattern
    programme_bare: re.Pattern
    policy_suffixes: tuple[str, ...]
    named_plan: re.Pattern
    plain_title: re.Pattern
    counted_programme: re.Pattern
    designation: re.Pattern
    issued_object: re.Pattern
    quoted_plan: re.Pattern
    inst_suffixes: tuple[str, ...]
    inst_prefixes: tuple[str, ...]
    zone_suffixes: tuple[str, ...]
    zone_generic: set[str]
    breakers: set[str]
    breaker_words: tuple[str, ...]
    prefix_places: dict[str, tuple[str, str]]  # surface -> place key, for names that start with a place
    industry_zone_suffixes: tuple[str, ...]
    zone_breakers: set[str]
    quoted_zone: re.Pattern
    bracketed_place: re.Pattern
    bylines: list[re.Pattern]
    district_list: re.Pattern
    district_separator: str
    sentence_ends: str  # a programme is named after a city in its own sentence
    open_zone_suffix: re.Pattern
    open_zone_breaks: set[str]
    verbs: object  # an automaton over trigger and breaker words: a name starts after them


def compile_patterns(rules: Rules, g: gz.Gazetteer) -> Patterns:
    names = rules.names
    abbreviation = []
    if g.abbreviations:
        alternation = "(?P<abbr>" + "|".join(map(re.escape, sorted(g.abbreviations))) + ")"
        for frame in rules.abbreviations.frames:
            abbreviation.append(re.compile(frame.replace("{A}", alternation)))
    prefix_places = {s: k for s, k in g.surface.items() if k[0] in ("City", "Province")}
    # Bare county names (怀柔, 武侯) count only as the start of a zone or institution name.
    for key, entry in g.entries.items():
        if key[0] == "Zone" and entry.props.get("kind") == "county" and entry.props.get("city"):
            bare = entry.name[:-1]
            if len(bare) >= 2:
                prefix_places.setdefault(bare, ("City", entry.props["city"]))
    return Patterns(
        abbreviation=abbreviation,
        policy_title=re.compile(r"《([^《》\n]{2,80})》"),
        policy_words=tuple(names.policy_title_words),
        programme=re.compile(names.programme_code + "(" + names.programme_tail + ")"),
        programme_bare=re.compile(names.programme_code_bare + "(" + names.programme_tail + ")"),
        policy_suffixes=tuple(sorted(names.policy_name_suffixes, key=len, reverse=True)),
        named_plan=re.compile(names.named_plan),
        plain_title=re.compile(names.plain_title),
        counted_programme=re.compile(names.counted_programme),
        designation=re.compile(names.designation),
        issued_object=re.compile(names.issued_object),
        quoted_plan=re.compile(names.quoted_plan),
        inst_suffixes=tuple(sorted(names.institution_suffixes, key=len, reverse=True)),
        inst_prefixes=tuple(names.institution_prefixes),
        zone_suffixes=tuple(sorted(names.zone_suffixes, key=len, reverse=True)),
        zone_generic=set(names.zone_generic),
        breakers=set(rules.chars.name_stop) | set(names.name_breakers),
        breaker_words=tuple(names.name_breaker_words),
        prefix_places=prefix_places,
        industry_zone_suffixes=tuple(sorted(names.industry_zone_suffixes, key=len, reverse=True)),
        zone_breakers=set(names.zone_breakers),
        quoted_zone=re.compile(names.quoted_zone),
        bracketed_place=re.compile(names.bracketed_place),
        bylines=[re.compile(b) for b in rules.institutions.bylines],
        district_list=re.compile(rules.districts.list_pattern),
        district_separator=rules.districts.separator,
        sentence_ends=rules.text.sentence_end + "\n",
        open_zone_suffix=re.compile("|".join(map(re.escape, sorted(names.open_zone_suffixes, key=len, reverse=True)))),
        open_zone_breaks=set(rules.chars.name_stop) | set(names.name_breakers) | set(names.open_zone_breaks),
        verbs=word_automaton(names.name_breaker_words + rules.relations.SUPPORTS.instrument_verbs
                             + names.open_zone_verbs),
    )


class NameRecognizer:
    """recognize(text) -> non-overlapping mentions; built once from the rules and the gazetteer."""

    def __init__(self, rules: Rules, g: gz.Gazetteer):
        self.rules = rules
        self.names = rules.names
        self.g = g
        self.p = compile_patterns(rules, g)

    def __call__(self, text: str) -> list[Mention]:
        """Non-overlapping mentions in `text` (already simplified), in text order."""
        g, p = self.g, self.p
        candidates: list[tuple[int, Mention]] = []  # (priority, mention): higher wins a tie

        hits = list(g.find(text))
        for start, end, _surface, key in hits:
            candidates.append((1, Mention(start, end, key[0], key[1], "gazetteer")))
        for rx in p.abbreviation:
            for m in rx.finditer(text):
                key = g.abbreviations[m.group("abbr")]
                candidates.append((0, Mention(m.start("abbr"), m.end("abbr"), key[0], key[1], "abbreviation")))
        candidates += [(3, m) for m in self._policies(text)]
        candidates += [(1, m) for m in self._bare_districts(text)]
        candidates += [(2, self._placed_by_data(m)) for m in self._prefixed_names(text, hits)]
        candidates += [(2, m) for m in self._industry_zones(text, hits)]
        candidates += [(2, m) for m in self._bracketed_place_zones(text)]
        candidates += [(3, m) for m in self._quoted_zones(text)]
        candidates += [(3, m) for m in self._bylines(text)]
        candidates += [(0, m) for m in self._open_zones(text, hits)]
        candidates = [c for c in candidates if c[1].name not in g.generic]  # 国家重点实验室 names no lab
        return _name_programmes(_join_parent_institutions(_resolve(candidates), text), text, p.sentence_ends)

    def _open_zones(self, text: str, hits: list):
        """大盂启动区, 潇河产业园区, 中德生物医药产业园: a name ending like a park or area, whatever
        stands before the ending, back to where the phrase starts (punctuation, a function word, a
        list joiner or a verb); a place written first starts the name and places it."""
        p, cfg = self.p, self.rules.names
        for m in p.open_zone_suffix.finditer(text):
            end = m.end()
            start = self._phrase_start(text, m.start())
            for word in cfg.open_zone_strip:  # 北部潇河产业园区: the direction is no part of the name
                if text.startswith(word, start) and m.start() - start - len(word) >= 2:
                    start += len(word)
                    break
            body = text[start:m.start()]
            if (len(body) < 2 or body in cfg.open_zone_not_names or text[start:end] in p.zone_generic
                    or any(w in body for w in cfg.open_zone_not_inside) or body.endswith(("型", "性", "化"))):
                continue
            if body[:1].isdigit() or _counted(text, start):
                continue  # 2大机器人产业基地, 三个产业园: a count of parks, not a name
            place = self._leading_place(text[start:end])
            yield Mention(start, end, "Zone", text[start:end], "open", place=place)

    def _phrase_start(self, text: str, end: int) -> int:
        """Where a name ending at `end` starts: after the last breaking character, list joiner or
        verb within reach."""
        cfg = self.rules.names
        lo = max(0, end - cfg.max_name_body_chars // 2)
        start = lo
        for i in range(end - 1, lo - 1, -1):
            if text[i] in self.p.open_zone_breaks:
                start = i + 1
                break
        # From a little before the break: 入 breaks a name, and 入选 is a verb the name follows.
        for v_end, n in self.p.verbs.iter(text, max(0, start - 2), end):
            if v_end + 1 <= end:
                start = max(start, v_end + 1)
        return start

    def _placed_by_data(self, m: Mention) -> Mention:
        """A pattern name the gazetteer lists takes the city the data gives (滨海新区 is Tianjin's,
        although 滨海 is also a county of 盐城), and keeps its surface form, except a zone's
        official name written after its city (重庆两江新区, 成都天府新区): that is the zone the
        data names, one node in every document."""
        key = self.g.surface.get(m.name)
        if m.label == "Zone" and m.place is not None:
            official = self._zone_after_its_city(m.name, m.place)
            if official is not None:
                key, m.name = official, official[1]
        city = self.g.entries[key].props.get("city") if key and key[0] == m.label else None
        if city:
            m.place = ("City", city)
        return m

    def _zone_after_its_city(self, name: str, place: tuple[str, str]) -> tuple[str, str] | None:
        """成都天府新区 -> 天府新区, when the data lists 天府新区 by that name in 成都."""
        for prefix in (place[1] + "市", place[1]):
            key = ("Zone", name[len(prefix):])
            if name.startswith(prefix) and key in self.g.entries and self.g.entries[key].props.get("city") == place[1]:
                return key
        return None

    def _industry_zones(self, text: str, hits: list):
        """Zones named after an industry: 生物医药产业园, 新能源新材料园; with the place written
        right before it, the place starts the name (安吉精准医疗未来产业先导区)."""
        p = self.p
        for start, end, _s, key in hits:
            if key[0] != "Industry":
                continue
            m = self._shortest_name(text, start, end, p.industry_zone_suffixes, p.breakers)
            if not m or text[start:m] in p.zone_generic:
                continue
            place_before = self._place_ending_at(text, start)
            national = next((w for w in p.inst_prefixes if text.startswith(w, start - len(w))), None)
            if place_before:
                yield Mention(start - len(place_before[0]), m, "Zone", text[start - len(place_before[0]):m],
                              "pattern", place=place_before[1])
            elif national:  # 国家生物医药国际创新园
                yield Mention(start - len(national), m, "Zone", text[start - len(national):m], "pattern")
            else:
                yield Mention(start, m, "Zone", text[start:m], "pattern")

    def _bracketed_place_zones(self, text: str):
        """中国(南京)软件谷, 中国(郑州)…: national-level names with their city in brackets."""
        p = self.p
        for m in p.bracketed_place.finditer(text):
            key = self.g.surface.get(m.group(1))
            if not key or key[0] not in ("City", "Province"):
                continue
            end = self._shortest_name(text, m.start(), m.end(), p.zone_suffixes, p.breakers)
            if end:
                yield Mention(m.start(), end, "Zone", text[m.start():end], "pattern", place=key)

    def _bylines(self, text: str):
        """来源: 第一财经 — the page's medium: an Institution that takes no relations."""
        for rx in self.p.bylines:
            for m in rx.finditer(text):
                if m.group(1) not in self.g.generic:
                    yield Mention(m.start(1), m.end(1), "Institution", m.group(1), "byline", props={"kind": "media"})

    def _quoted_zones(self, text: str):
        """“细胞谷”, “东方芯港”: a quoted name that ends like a zone."""
        for m in self.p.quoted_zone.finditer(text):
            if m.group(1) not in self.p.zone_generic:
                yield Mention(m.start(1), m.end(1), "Zone", m.group(1), "pattern")

    def _bare_districts(self, text: str):
        """黄浦、静安等中心城区 -> 黄浦区, 静安区 (when the gazetteer knows the districts)."""
        p = self.p
        if p.district_separator not in text:
            return
        for m in p.district_list.finditer(text):
            pos = m.start(1)
            for n, item in enumerate(m.group(1).split(p.district_separator)):
                # The first item may carry a verb before it (将黄浦): try its last 2 and 3 characters.
                for bare in ([item[-2:], item[-3:]] if n == 0 else [item]):
                    key = self.g.surface.get(bare + "区")
                    if key and key[0] == "Zone":
                        end = pos + len(item)
                        yield Mention(end - len(bare), end, "Zone", key[1], "gazetteer")
                        break
                pos += len(item) + len(p.district_separator)

    def _policies(self, text: str):
        p = self.p
        for m in p.policy_title.finditer(text):
            title = _without_draft_marks(m.group(1).strip(), self.names.draft_marks)
            if any(w in title for w in p.policy_words):
                yield Mention(m.start(), m.end(), "Policy", title, "pattern", place=self._leading_place(title))
        for rx in (p.programme, p.programme_bare, p.quoted_plan):
            for m in rx.finditer(text):
                start = m.start()
                place = self._place_ending_at(text, start)
                if place:
                    start -= len(place[0])
                name = text[start:m.end()]
                yield Mention(start, m.end(), "Policy", name, "programme", place=place[1] if place else None)
        for m in p.named_plan.finditer(text):
            name = m.group(1)
            yield Mention(m.start(), m.end(), "Policy", name, "pattern", place=self._leading_place(name))
        for rx in (p.plain_title, p.counted_programme):
            for m in rx.finditer(text):
                yield Mention(m.start(), m.end(), "Policy", m.group(), "pattern", place=self._leading_place(m.group()))
        for m in p.designation.finditer(text):
            place = self._place_ending_at(text, m.start())
            start = m.start() - len(place[0]) if place else m.start()
            yield Mention(start, m.end(), "Policy", text[start:m.end()], "pattern", place=place[1] if place else None)
        for m in p.issued_object.finditer(text):
            name = m.group(1)
            # 实施未来产业培育工程: a generic phrase with a plan noun is still generic.
            if len(name) >= 4 and not any(name.startswith(t) for t in self.g.generic if len(t) >= 3):
                yield Mention(m.start(1), m.end(1), "Policy", name, "pattern", place=self._leading_place(name))

    def _leading_place(self, title: str) -> tuple[str, str] | None:
        party = self.names.party_prefix
        t = title[len(party):] if title.startswith(party) else title
        for n in range(min(len(t), self.names.max_place_prefix_chars), 1, -1):
            key = self.p.prefix_places.get(t[:n])
            if key:
                return key
        return None

    def _place_ending_at(self, text: str, end: int):
        for n in range(min(end, self.names.max_place_prefix_chars), 1, -1):
            key = self.p.prefix_places.get(text[end - n:end])
            if key:
                return text[end - n:end], key
        return None

    def _prefixed_names(self, text: str, hits: list):
        """Institutions and zones whose name starts with a place (or 国家/中国...): keep the full name."""
        p = self.p
        starts: list[tuple[int, int, tuple[str, str] | None]] = []
        for prefix in p.inst_prefixes:
            for m in re.finditer(re.escape(prefix), text):
                starts.append((m.start(), m.end(), None))
        for start, end, _s, key in hits:
            if key[0] in ("City", "Province"):
                starts.append((start, end, key))
        for start, end, surface in self._bare_county_hits(text):
            starts.append((start, end, p.prefix_places[surface]))
        # 西湖区商业航天未来产业先导区: a zone named after its district (an institution named so
        # keeps its district as a separate mention).
        counties = {(start, end): key for start, end, _s, key in hits
                    if key[0] == "Zone" and self.g.entries[key].props.get("kind") == "county"}
        for start, end, _s, key in hits:
            if (start, end) in counties:  # a county several cities have: its city is decided later
                city = self.g.entries[key].props.get("city")
                starts.append((start, end, ("City", city) if city else None))
        quotes = set(self.rules.chars.quotes)
        for start, after_prefix, place in starts:
            kinds = ((("Zone", p.zone_suffixes),) if (start, after_prefix) in counties else
                     (("Zone", p.zone_suffixes), ("Institution", p.inst_suffixes), ("Policy", p.policy_suffixes)))
            for label, suffixes in kinds:
                if label in ("Policy", "Zone") and place is None and (start, after_prefix) not in counties:
                    continue  # plans and zones are named after their place
                # Plan names may quote their period: 杭州市“十三五”规划纲要; a zone's name never
                # runs through a party committee (黄埔区委…).
                breakers = (p.breakers - quotes if label == "Policy"
                            else p.breakers | p.zone_breakers if label == "Zone" else p.breakers)
                m = self._shortest_name(text, start, after_prefix, suffixes, breakers)
                if not m:
                    continue
                name = text[start:m]
                if label == "Zone" and name[after_prefix - start:] in p.zone_generic and place is None:
                    continue
                if (label == "Institution" and place is None
                        and m - after_prefix < self.names.institution_min_chars_without_place):
                    continue  # 中国公司, 国家局: too generic without a place
                district = counties.get((start, after_prefix))
                yield Mention(start, m, label, name, "pattern", place=place,
                              props={"district": district} if district else {})
                break

    def _bare_county_hits(self, text: str):
        p = self.p
        # Cheap: only look where a zone suffix occurs.
        for suffix in p.zone_suffixes:
            idx = text.find(suffix)
            while idx != -1:
                for n in (2, 3, 4):
                    if idx - n < 0:
                        break
                    s = text[idx - n:idx]
                    if s in p.prefix_places:
                        yield idx - n, idx, s
                idx = text.find(suffix, idx + 1)

    def _shortest_name(self, text: str, start: int, after_prefix: int, suffixes: tuple[str, ...],
                       breakers: set[str]) -> int | None:
        rx = _name_regex(suffixes, frozenset(breakers), self.p.breaker_words, self.names.max_name_body_chars)
        m = rx.match(text, after_prefix)
        return m.end() if m and m.end() - start >= self.names.min_name_chars else None


def _counted(text: str, start: int) -> bool:
    """Does a count stand right before `start` (2大…, 三个…, 两大…)?"""
    before = text[max(0, start - 2):start]
    return bool(before) and (before[-1].isdigit() or before[-1] in "一二三四五六七八九十两几多"
                             or (before[-1] in "大个家座" and len(before) == 2
                                 and (before[0].isdigit() or before[0] in "一二三四五六七八九十两几多")))


def _without_draft_marks(title: str, marks: list[str]) -> str:
    """《…行动计划(2024—2027年)(征求意见稿)》 names the plan, not the draft."""
    for mark in marks:
        if title.endswith(mark) and len(title) > len(mark):
            return title[: -len(mark)]
    return title


def _join_parent_institutions(mentions: list[Mention], text: str) -> list[Mention]:
    """中国科学院 + 苏州纳米技术与纳米仿生研究所 -> one institution: a body named after
    its parent, written with no gap between them."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (prev is not None and prev.label == m.label == "Institution" and prev.end == m.start
                and m.place is not None and prev.place is None):
            out[-1] = Mention(prev.start, m.end, "Institution", text[prev.start:m.end], "pattern", place=m.place)
            continue
        out.append(m)
    return out


def _name_programmes(mentions: list[Mention], text: str, ends: str) -> list[Mention]:
    """A programme code without its city ("开展1+6产业集群") belongs to the nearest city before it
    in the same sentence (its place, for ISSUED_BY); its name stays as written."""
    for i, m in enumerate(mentions):
        if m.source != "programme" or m.place is not None:
            continue
        for p in reversed(mentions[:i]):
            if any(c in ends for c in text[p.end:m.start]):
                break
            if p.label == "City":
                m.place = p.key
                break
    return mentions


def _resolve(candidates: list[tuple[int, Mention]]) -> list[Mention]:
    taken: list[Mention] = []
    occupied = bytearray(max((m.end for _, m in candidates), default=0))
    # Leftmost-longest, as a reader segments: 上海城市 is 上海 + 城市, not 上 + 海城市.
    for _, m in sorted(candidates, key=lambda c: (c[1].start, -(c[1].end - c[1].start), -c[0])):
        if any(occupied[m.start:m.end]):
            continue
        occupied[m.start:m.end] = b"\x01" * (m.end - m.start)
        taken.append(m)
    taken.sort(key=lambda m: m.start)
    return taken


@lru_cache(maxsize=None)
def _name_regex(suffixes: tuple[str, ...], breakers: frozenset[str], breaker_words: tuple[str, ...],
                body_max: int) -> re.Pattern:
    """The shortest run of non-breaking characters that ends in a suffix (longest suffix tried first)."""
    stop = "".join(sorted(breakers)).replace("\\", "\\\\").replace("]", "\\]").replace("^", "\\^").replace("-", "\\-")
    no_word = "".join(f"(?!{re.escape(w)})" for w in breaker_words)
    alternation = "|".join(map(re.escape, suffixes))
    return re.compile(f"(?:{no_word}[^{stop}]){{0,{body_max}}}?(?:{alternation})")
