"""The curated gazetteer: every name and alias in ingest/data/*.tsv, resolved to one canonical entity.

Matching runs an Aho-Corasick automaton (pyahocorasick) over simplified text;
it finds every surface form in one pass, far faster than token patterns.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import ahocorasick

from .datafiles import read_tsv, split_multi
from textnorm import to_simplified, to_traditional


@dataclass
class Entry:
    label: str
    name: str
    props: dict = field(default_factory=dict)
    aliases: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str, str]:
        return (self.label, self.name)


class Gazetteer:
    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], Entry] = {}
        self.surface: dict[str, tuple[str, str]] = {}  # simplified surface -> entry key
        self.abbreviations: dict[str, tuple[str, str]] = {}  # one-char abbr -> City key
        self.generic: set[str] = set()
        self.variants: set[str] = set()  # Taiwan / Hong Kong words for a mainland name (晶片)
        self._automaton = None

    # --- building ---------------------------------------------------------------
    def add(self, label: str, name: str, aliases=(), **props) -> Entry:
        key = (label, name)
        entry = self.entries.get(key)
        if entry is None:
            entry = self.entries[key] = Entry(label, name, {k: v for k, v in props.items() if v not in ("", None)})
        for surface in [name, *aliases]:
            self._add_surface(surface, key)
            if surface != name:
                entry.aliases.add(surface)
        return entry

    def _add_surface(self, surface: str, key: tuple[str, str]) -> None:
        s = to_simplified(surface.strip())
        if len(s) < 2 or s in self.generic:
            return
        # First registration wins: load order puts the more specific files first.
        self.surface.setdefault(s, key)

    # --- lookup -------------------------------------------------------------------
    def automaton(self):
        if self._automaton is None:
            auto = ahocorasick.Automaton()
            for surface, key in self.surface.items():
                auto.add_word(surface, (surface, key))
            auto.make_automaton()
            self._automaton = auto
        return self._automaton

    def find(self, text: str):
        """Every (start, end, surface, key) occurrence in simplified `text`, overlapping."""
        if not self.surface:
            return
        for end, (surface, key) in self.automaton().iter(text):
            yield end - len(surface) + 1, end + 1, surface, key

    def node_props(self, key: tuple[str, str]) -> dict:
        entry = self.entries.get(key)
        if entry is None:
            return {}
        props = {k: v for k, v in entry.props.items() if k not in ("cities", "members")}
        aliases = set(entry.aliases)
        trad = to_traditional(entry.name)
        if trad != entry.name:
            aliases.add(trad)
        props["aliases"] = sorted(aliases)
        return props


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """Build the gazetteer from the data files (cached: it is read once per process)."""
    g = Gazetteer()
    g.generic = {to_simplified(r["term"]) for r in read_tsv("generic_terms.tsv")}

    cities = read_tsv("places/cities.tsv")
    provinces = read_tsv("places/provinces.tsv")
    municipalities = {r["name"] for r in cities if r.get("level") in ("municipality", "sar")}

    # Order matters: on a shared surface form the first file wins.
    for r in cities:
        if r["name"] in municipalities:
            _add_city(g, r)
    for r in provinces:
        if r["name"] in municipalities:
            continue
        g.add("Province", r["name"], [r["full_name"], *split_multi(r.get("aliases", ""))],
              english=r.get("english"))
    for r in cities:
        if r["name"] not in municipalities:
            _add_city(g, r)
    for r in read_tsv("places/regions.tsv"):
        g.add("Region", r["name"], split_multi(r.get("aliases", "")), english=r.get("english"),
              members=split_multi(r.get("members", "")))
    for r in read_tsv("places/zones.tsv"):
        g.add("Zone", r["name"], split_multi(r.get("aliases", "")), english=r.get("english"),
              city=r.get("city"), kind=r.get("kind"))
    for r in read_tsv("institutions.tsv"):
        g.add("Institution", r["name"], split_multi(r.get("aliases", "")), english=r.get("english"),
              kind=r.get("kind"), city=r.get("city"))
    for r in read_tsv("policies.tsv"):
        g.add("Policy", r["name"], split_multi(r.get("aliases", "")), english=r.get("english"))
    for r in read_tsv("industries.tsv"):
        g.add("Industry", r["name"], split_multi(r.get("aliases", "")), english=r.get("english"),
              parent=r.get("parent"))
    for r in read_tsv("regional_terms.tsv"):  # Taiwan / Hong Kong words for mainland industry names
        if ("Industry", r["industry"]) in g.entries:
            g.add("Industry", r["industry"], [r["term"]])
            g.variants.add(to_simplified(r["term"]))
    for r in read_tsv("places/foreign_cities.tsv"):
        g.add("City", r["name"], split_multi(r.get("aliases", "")), english=r.get("english"),
              country=r.get("country"))
    city_names = {r["name"] for r in cities}
    counties: dict[str, list[str]] = {}
    county_english: dict[str, str] = {}  # every county-level division has one (counties.tsv)
    for r in read_tsv("places/counties.tsv"):
        counties.setdefault(r["name"], []).append(r.get("city") or "")
        if r.get("english"):
            county_english.setdefault(r["name"], r["english"])
    for name, in_cities in counties.items():
        # Only full names (武侯区, 昆山市): bare county names collide with ordinary words.
        if len(name) < 3 or name in g.generic or name[:-1] in city_names or ("Zone", name) in g.entries:
            continue
        if len(in_cities) == 1:
            g.add("Zone", name, city=in_cities[0], kind="county", english=county_english.get(name))
        else:
            # 南山区 is in 深圳 and in 鹤岗: the document's cities decide (ingest/extract.py).
            g.add("Zone", name, kind="county", cities=in_cities, english=county_english.get(name))
    return g


def _add_city(g: Gazetteer, r: dict) -> None:
    name = r["name"]
    aliases = split_multi(r.get("aliases", ""))
    if r.get("level") in ("municipality", "sub-provincial", "prefecture", "sar") and not name.endswith("市"):
        aliases.append(name + "市")
    entry = g.add("City", name, aliases, province=r.get("province"), english=r.get("english"),
                  level=r.get("level"), lon=_float(r.get("lon")), lat=_float(r.get("lat")))
    for abbr in split_multi(r.get("abbr", "")):
        if len(abbr) == 1:
            g.abbreviations.setdefault(to_simplified(abbr), entry.key)


def _float(v: str | None) -> float | None:
    try:
        return float(v) if v else None
    except ValueError:
        return None
