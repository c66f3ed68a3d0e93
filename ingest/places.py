"""Document-level readings: the place the document is about, where its ambiguous county names
are, and the policy the document is when it calls itself one (本行动计划).

Runs after mentions and before relations: a sentence naming no place (or a
demonstrative such as 这里, 该市) inherits the document's place, and a county
name that several cities have (南山区) goes to the city the document names most.
"""
from __future__ import annotations

import re
from collections import Counter

from .gazetteer import Entry, Gazetteer
from .mention import PLACE_LABELS, Mention
from .rules import PlaceRules


def dominant_place(mentions: list[Mention], rules: PlaceRules) -> tuple[str, str] | None:
    """The place the document is about: the most mentioned, if clearly ahead of the rest."""
    counts = Counter(m.key for m in mentions if m.label in PLACE_LABELS)
    if not counts:
        return None
    (top, n), *rest = counts.most_common(2) + [(None, 0)]
    second = rest[0][1] if rest else 0
    if n >= rules.dominant_min_mentions and n >= rules.dominant_lead * second:
        return top
    return None


def place_ambiguous_zones(mentions: list[Mention], g: Gazetteer) -> None:
    """A county name several cities have (南山区) goes to the city the document mentions most."""
    cities = Counter(m.name for m in mentions if m.label == "City")
    for m in mentions:
        if m.label != "Zone":
            continue
        # a zone named after such a county (西湖区…先导区) is placed the same way
        key = m.props.get("district") or m.key
        options = g.entries.get(key, Entry(m.label, m.name)).props.get("cities")
        if options and m.place is None:
            mentioned = [c for c in options if cities.get(c)]
            if mentioned:
                m.place = ("City", max(mentioned, key=lambda c: cities[c]))


def document_policy(text: str, mentions: list[Mention], self_reference: re.Pattern) -> tuple[str, str] | None:
    """The policy the document is, when it refers to itself (本行动计划, 本方案): the first titled
    policy it names. Each self-reference becomes a mention of that policy (source "deixis")."""
    spans = [(m.start(), m.end()) for m in self_reference.finditer(text)]
    titled = next((m for m in mentions if m.label == "Policy" and m.source == "pattern"
                   and not self_reference.fullmatch(m.name)), None)
    if not spans or titled is None:
        return None
    for m in mentions:  # 制定本行动计划 read as a plan's name: it is this document's
        if m.label == "Policy" and self_reference.fullmatch(m.name):
            m.name, m.place, m.source = titled.name, titled.place, "deixis"
    taken = [(m.start, m.end) for m in mentions]
    for start, end in spans:
        if not any(a < end and start < b for a, b in taken):
            mentions.append(Mention(start, end, "Policy", titled.name, "deixis", place=titled.place))
    mentions.sort(key=lambda m: m.start)
    return titled.key


def resolve_short_names(text: str, mentions: list[Mention], short_name: re.Pattern) -> None:
    """《…行动方案》(以下简称《方案》): later mentions of the short name are the full title's."""
    for match in short_name.finditer(text):
        full = next((m for m in mentions if m.label == "Policy" and m.start == match.start()), None)
        if full is None:
            continue
        short = match.group(2)
        for m in mentions:
            if m.label == "Policy" and m is not full and m.name == short:
                m.name, m.place = full.name, m.place or full.place


def document_city_and_province(topic: tuple[str, str] | None, mentions: list[Mention], g: Gazetteer) -> tuple:
    """The city a text is about (its topic if a city, else its most named Chinese city, else the
    city its names hold most: a text that only names 蚌埠高新区 and 蚌埠新闻网 is about 蚌埠) and
    its province (the most named, else the city's): what 我市 / 市政府 and 全省 / 省委 point at."""
    def chinese(key) -> bool:
        return not (g.entries.get(key) and g.entries[key].props.get("country"))

    named = Counter(m.key for m in mentions)
    cities = sorted((n, k) for k, n in named.items() if k[0] == "City" and chinese(k))
    city = topic if topic is not None and topic[0] == "City" else (cities[-1][1] if cities else None)
    if city is None and (topic is None or topic[0] == "Zone"):  # (a province's text is not about its capital)
        # the parks' and plans' cities before the bodies' (a university whose expert is quoted)
        for labels in (("Zone", "Policy"), ("Institution",)):
            held = Counter(m.place for m in mentions if m.label in labels and m.place is not None
                           and m.place[0] == "City" and chinese(m.place))
            if held:
                city = held.most_common(1)[0][0]  # ties: the first written
                break
    provinces = sorted((n, k) for k, n in named.items() if k[0] == "Province")
    province = provinces[-1][1] if provinces else None
    if province is None and city is not None:
        entry = g.entries.get(city)
        name = entry.props.get("province") if entry else None
        if name and name != city[1] and ("Province", name) in g.entries:
            province = ("Province", name)
    return city, province
