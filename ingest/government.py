"""Government and party bodies named in full, whichever short form the text uses.

Texts write 长春市委, 辽宁省政府, 市委、市政府 or 省发展改革委; annotators and analysts name the
body in full (中国共产党长春市委员会, 辽宁省人民政府, 江苏省发展和改革委员会), and a bare 市政府 means
the government of the city the text is about, not one node shared by every text. The short
forms and the endings they stand for are data (ingest/data/government_bodies.tsv).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache

from .datafiles import read_tsv
from .gazetteer import Gazetteer
from .mention import Mention

PARTY = "中国共产党"
PARTY_SHORT = "中共"
SOURCE = "government"
# The level word a bare body starts with, and which of the text's places it means.
# Party committees and governments issue plans; they are not what a text says backs a field
# (gold gives them ISSUED_BY and LOCATED_IN, almost never SUPPORTS), departments may be.
ISSUERS_ONLY = ("party", "government")
# Hong Kong, Macao and Taiwan name their governments otherwise (香港特别行政区政府): left as written.
OTHER_SYSTEMS = ("香港", "澳门", "台湾")
MAINLAND_CITY_LEVELS = ("municipality", "sub-provincial", "prefecture")
LEVELS = {"市": "City", "省": "Province", "自治区": "Province"}
# A bare 市政府 is a body after punctuation or these words (由市政府, 经省政府); after other
# characters it is the end of a longer word (城市政府).
BARE_BEFORE = "由经和与及在据将即"
# 广州市委书记, 省政府副秘书长: the body names a person's post, not an actor of the text.
POST_WORDS = ("书记", "副书记", "常委", "委员", "主任", "副主任", "领导", "秘书长", "副秘书长", "常务", "市长", "副市长",
              "省长", "副省长", "主席", "副主席", "党组")


@dataclass(frozen=True)
class Body:
    full: str   # the official ending (人民政府, 发展和改革委员会)
    kind: str   # party | government | department (Mention.props["body"])


@lru_cache(maxsize=1)
def bodies() -> dict[str, Body]:
    return {r["written"]: Body(r["full"], r["kind"]) for r in read_tsv("government_bodies.tsv")}


@lru_cache(maxsize=1)
def _province_full_names() -> dict[str, str]:
    return {r["name"]: r["full_name"] for r in read_tsv("places/provinces.tsv")}


def full_name(place: tuple[str, str], body: Body, g: Gazetteer) -> str | None:
    """中国共产党长春市委员会 / 辽宁省人民政府 / 广西壮族自治区发展和改革委员会."""
    label, name = place
    if name in OTHER_SYSTEMS:
        return None
    if label == "Province":
        official = _province_full_names().get(name)
    elif label == "City":
        entry = g.entries.get(place)
        official = name + "市" if entry is not None and entry.props.get("level") in MAINLAND_CITY_LEVELS else None
    else:
        return None
    if not official:
        return None
    return (PARTY if body.kind == "party" else "") + official + body.full


LONGEST_FORM = 9  # characters: 人民政府办公厅, 经济和信息化委员会


def _body_at(text: str, start: int) -> tuple[str, Body] | None:
    """The longest short form written at `start`."""
    for n in range(min(LONGEST_FORM, len(text) - start), 0, -1):
        body = bodies().get(text[start:start + n])
        if body is not None:
            return text[start:start + n], body
    return None


def name_government_bodies(text: str, mentions: list[Mention], g: Gazetteer,
                           city: tuple[str, str] | None, province: tuple[str, str] | None) -> list[Mention]:
    """`mentions` with each body named in full, LOCATED_IN its place: an Institution the patterns
    found that is such a body (长春市工信局), a body written right after a place (长春市委), and one
    written bare after a level word (市政府, 省发展改革委) where the text's own place is meant."""
    renamed = [(_rename(text, m, g) or m) if m.label == "Institution" else m for m in mentions]
    placed = _bodies_after_places(text, renamed, g)
    bare = _bare_bodies(text, placed, g, {"City": city, "Province": province})
    # an institution read as just a bare body's words (the name tagger's 省政府) gives way to it
    placed = [m for m in placed if not any(b.start < m.end and m.start < b.end for b in bare)]
    return sorted(placed + bare, key=lambda m: m.start)


def _bodies_after_places(text: str, mentions: list[Mention], g: Gazetteer) -> list[Mention]:
    """A place followed by a body made one mention: 长春市 + 委, 辽宁 + 省政府."""
    out: list[Mention] = []
    k = 0
    while k < len(mentions):
        m = mentions[k]
        if m.label in ("City", "Province"):
            level = next((w for w in LEVELS if text.startswith(w, m.end) and not text[m.start:m.end].endswith(w)), "")
            found = _body_at(text, m.end + len(level))
            end = m.end + len(level) + len(found[0]) if found else 0
            following = mentions[k + 1] if k + 1 < len(mentions) else None
            # the gazetteer may have taken the body's short form alone (发改委 -> the national one)
            swallow = (following is not None and following.label == "Institution" and following.start >= m.end
                       and following.end <= end)
            if (found is not None and not text.startswith(POST_WORDS, end)
                    and (following is None or following.start >= end or swallow)):
                name = full_name(m.key, found[1], g)
                if name:
                    start = m.start
                    if text[max(0, start - len(PARTY_SHORT)):start] == PARTY_SHORT and (not out or out[-1].end <= start - 2):
                        start -= len(PARTY_SHORT)
                    out.append(Mention(start, end, "Institution", name, SOURCE, {"body": found[1].kind}, place=m.key))
                    k += 2 if swallow else 1
                    continue
        out.append(m)
        k += 1
    return out


def _bare_bodies(text: str, mentions: list[Mention], g: Gazetteer, places: dict) -> list[Mention]:
    """市委、市政府 / 省发展改革委 where no mention stands, or only an institution starting with the
    level word (the name tagger may read 省政府 as one): the body of the text's own city or province."""
    mentions = [m for m in mentions if not (m.label == "Institution" and m.source != SOURCE
                                            and text.startswith(tuple(LEVELS), m.start))]
    starts = [m.start for m in mentions]
    added: list[Mention] = []
    for level, label in LEVELS.items():
        place = places.get(label)
        if place is None:
            continue
        at = text.find(level)
        while at != -1:
            found = _body_at(text, at + len(level))
            before = text[at - 1:at] if at else ""
            end = at + len(level) + len(found[0]) if found else 0
            if (found is not None and (not before or before in BARE_BEFORE or not _cjk(before))
                    and not text.startswith(POST_WORDS, end)):
                i = bisect.bisect_right(starts, at)
                free = (i == 0 or mentions[i - 1].end <= at) and (i == len(mentions) or mentions[i].start >= end)
                name = full_name(place, found[1], g)
                if free and name and not any(a.start < end and at < a.end for a in added):
                    added.append(Mention(at, end, "Institution", name, SOURCE, {"body": found[1].kind}, place=place))
            at = text.find(level, at + 1)
    return added


def _rename(text: str, m: Mention, g: Gazetteer) -> Mention | None:
    """An Institution the patterns found that is a place + a body's short form, named in full."""
    surface = text[m.start:m.end]
    core = surface[len(PARTY_SHORT):] if surface.startswith(PARTY_SHORT) else surface
    for place_end in range(len(core) - 1, 1, -1):
        found = bodies().get(core[place_end:])
        if found is None:
            continue
        key = g.surface.get(core[:place_end])
        if key is None or key[0] not in ("City", "Province"):
            continue
        name = full_name(key, found, g)
        if name:
            return Mention(m.start, m.end, "Institution", name, SOURCE, {**m.props, "body": found.kind}, place=key)
    return None


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"
