"""LOCATED_IN: zones and institutions in their city, cities in their province and region.

The place a name starts with, else the city the curated data gives, else the
city a settling verb names ("在蓉设立X", "落户成都的X"). A city's province
comes from the place data, never from the text.
"""
from __future__ import annotations

from ..gazetteer import Entry
from ..mention import Mention
from .clauses import Found, Sentence


def find(s: Sentence, topic: tuple[str, str] | None = None) -> list[Found]:
    """`topic`: the place the sentence or its paragraph is about, where a firm with no
    other place sits."""
    cfg = s.rules.relations.LOCATED_IN
    g = s.gazetteer
    found = []
    for i, m in enumerate(s.mentions):
        if m.label in ("Zone", "Institution"):
            place = m.place
            if place is None:
                city = g.entries.get(m.key, Entry(m.label, m.name)).props.get("city")
                place = ("City", city) if city else None
            if place is None:
                place = _settled_in(s, i) or _written_after_city(s, i)
            confidence, inferred = cfg.base_confidence, False
            if place is None and m.key not in g.entries and (m.label == "Zone" or s.body_kind(m) == "firm"):
                place = _city_of(s, topic)
                confidence, inferred = cfg.topic_confidence, True
            if place and place != m.key:
                found.append(Found("LOCATED_IN", m.key, place, confidence, inferred))
                district = m.props.get("district")
                if district and place[0] == "City":  # the district the zone is named after is in that city
                    found.append(Found("LOCATED_IN", district, place, confidence, True))
                if place[0] == "City":  # 苏州工业园区 -> 苏州 -> 江苏, even if 苏州 is not named alone
                    found += city_province(s, [Mention(0, 0, "City", place[1], "place-data")])
    return found + _region_members(s) + city_province(s, s.mentions)


def _city_of(s: Sentence, place: tuple[str, str] | None) -> tuple[str, str] | None:
    """The City (or Province) a place is or lies in: an Institution sits in one, never in a Zone."""
    if place is None or place[0] in ("City", "Province"):
        return place
    if place[0] == "Zone":
        city = s.gazetteer.entries.get(place, Entry(*place)).props.get("city")
        if city:
            return ("City", city)
        for m in s.mentions:
            if m.key == place and m.place is not None:
                return m.place
    return None


def city_province(s: Sentence, mentions: list[Mention]) -> list[Found]:
    """A Chinese city -> its province, from the place data (never inferred from text)."""
    g = s.gazetteer
    found = []
    for m in mentions:
        if m.label != "City":
            continue
        province = g.entries.get(m.key, Entry("City", m.name)).props.get("province")
        if province and province != m.name and ("Province", province) in g.entries:
            found.append(Found("LOCATED_IN", m.key, ("Province", province), 1.0))
    return found


def _region_members(s: Sentence) -> list[Found]:
    """City -> Region from the region data, when the sentence names both."""
    regions = [m for m in s.mentions if m.label == "Region"]
    if not regions:
        return []
    confidence = s.rules.relations.LOCATED_IN.region_member_confidence
    cities = {m.name for m in s.mentions if m.label == "City"}
    provinces = {m.name for m in s.mentions if m.label == "Province"}
    found = []
    for r in regions:
        members = set(s.gazetteer.entries.get(r.key, Entry("Region", r.name)).props.get("members", []))
        for name in sorted(cities & members):
            found.append(Found("LOCATED_IN", ("City", name), r.key, confidence))
        for name in sorted(provinces & members):
            found.append(Found("LOCATED_IN", ("Province", name), r.key, confidence))
    return found


def _written_after_city(s: Sentence, i: int) -> tuple[str, str] | None:
    """苏州市张家港: a zone or body written right after a city is in it."""
    if i > 0 and s.mentions[i - 1].label == "City" and s.mentions[i - 1].end == s.mentions[i].start:
        return s.mentions[i - 1].key
    return None


def _settled_in(s: Sentence, i: int) -> tuple[str, str] | None:
    cfg = s.rules.relations.LOCATED_IN
    m = s.mentions[i]
    for p in reversed(s.mentions[:i]):
        if p.label != "City":
            continue
        between = s.text[p.end:m.start]
        if len(between) <= cfg.settle_window and any(v in between for v in cfg.settle_verbs):
            return p.key
        break
    return None
