"""The extraction rules (ingest/data/rules.toml) as one typed object, read once.

Every pipeline component takes its settings from a `Rules`; nothing else reads
the file. A missing or unknown key stops the run with the key's name, so a
typo in the data cannot silently switch a rule off.

`Rules.lexicon("TARGETS.strong+TARGETS.weak")` is an Aho-Corasick automaton
over the words of one or more trigger lists, built on first use.
"""
from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import ahocorasick

RULES_FILE = Path(__file__).parent / "data" / "rules.toml"


class RulesError(Exception):
    pass


@dataclass(frozen=True)
class TextRules:
    furniture: list[str]
    heading_max_chars: int
    sentence_end: str
    max_paragraph_chars: int
    sentence_closers: str
    closing_quotes: str
    wrap_joinable: str
    field_line: re.Pattern
    title_max_chars: int


@dataclass(frozen=True)
class CharRules:
    name_stop: str
    list_break: str
    list_clause_ends: str
    list_glue: list[str]
    clause_ends: str
    commas: str
    subject_barriers: str
    locative: str
    quotes: str
    open_brackets: str
    close_brackets: str


@dataclass(frozen=True)
class PlaceRules:
    dominant_min_mentions: int
    dominant_lead: int


@dataclass(frozen=True)
class YearRules:
    pattern: str


@dataclass(frozen=True)
class DistrictRules:
    separator: str
    list_pattern: str


@dataclass(frozen=True)
class ListRules:
    item_joiners: list[str]
    item_enders: list[str]
    item_heads: list[str]
    field_words: list[str]
    etc_words: list[str]
    item_modifiers: list[str]
    not_fields: list[str]
    field_verbs: list[str]
    governed_field_words: list[str]
    field_shape: str
    field_heads: list[str]
    item_postpositions: list[str]
    firm_closer: str
    firm_item_end: str
    firm_item_reject_endings: list[str]
    first_item_stops: str
    compound_max_chars: int
    item_min_chars: int
    item_max_chars: int
    min_known_items: int
    min_known_share: float


@dataclass(frozen=True)
class AbbreviationRules:
    frames: list[str]


@dataclass(frozen=True)
class TargetsRules:
    strong: list[str]
    weak: list[str]
    fronting_markers: list[str]
    fronting_verbs: list[str]
    appositive_markers: list[str]
    instrument_marker: str
    instrument_close: str
    demonstratives: list[str]
    topic_frame_open: str
    topic_frame_close: list[str]
    list_intro: list[str]
    subject_window: int
    instrument_window: int
    locative_owner_gap: int
    base_confidence: float
    frame_confidence: float
    demonstrative_confidence: float
    inferred_confidence: float
    zone_to_city_confidence: float
    copula: re.Pattern
    layout_roles: list[str]
    named_industry_confidence: float


@dataclass(frozen=True)
class SupportsRules:
    instrument_verbs: list[str]
    summary_verbs: list[str]
    summary_window: int
    beneficiary_open: str
    beneficiary_verbs: list[str]
    plan_window: int
    plan_confidence: float
    triggers: list[str]
    base_confidence: float
    cooccurrence_confidence: float
    content_verbs: list[str]
    inclusive_open: list[str]
    inclusive_close: list[str]
    counted_list: re.Pattern
    scope_list_closers: list[str]
    scope_verbs: list[str]
    scope_verb_window: int


@dataclass(frozen=True)
class IssuedByRules:
    verbs: list[str]
    base_confidence: float
    prefix_confidence: float
    possessive_confidence: float
    possessive_links: list[str]


@dataclass(frozen=True)
class LocatedInRules:
    region_member_confidence: float
    settle_verbs: list[str]
    settle_window: int
    base_confidence: float
    topic_confidence: float


@dataclass(frozen=True)
class NameRules:
    institution_suffixes: list[str]
    name_breaker_words: list[str]
    name_breakers: str
    institution_prefixes: list[str]
    party_prefix: str
    institution_min_chars_without_place: int
    min_name_chars: int
    max_name_body_chars: int
    max_place_prefix_chars: int
    zone_suffixes: list[str]
    zone_generic: list[str]
    zone_breakers: str
    industry_zone_suffixes: list[str]
    quoted_zone: str
    bracketed_place: str
    policy_title_words: list[str]
    programme_code: str
    programme_tail: str
    programme_code_bare: str
    policy_name_suffixes: list[str]
    issued_object: str
    named_plan: str
    short_name: str
    designation: str
    draft_marks: list[str]
    self_reference: str
    plain_title: str
    counted_programme: str
    quoted_plan: str
    open_zone_suffixes: list[str]
    open_zone_strip: list[str]
    open_zone_not_names: list[str]
    open_zone_not_inside: list[str]
    open_zone_verbs: list[str]
    open_zone_breaks: str


@dataclass(frozen=True)
class InstitutionRules:
    government_suffixes: list[str]
    media_suffixes: list[str]
    media_words: list[str]
    bylines: list[str]
    international_prefixes: list[str]
    international_suffixes: list[str]
    firm_kinds: list[str]
    tagged_not_leading: list[str]
    tagged_not_trailing: list[str]


@dataclass(frozen=True)
class ModelRules:
    min_chars: int
    max_chars: int
    zone_heads: list[str]
    reject_chars: str
    reject_words: list[str]
    reject_endings: list[str]
    reject_starts: list[str]
    firm_name_tails: list[str]
    short_name_chars: int
    short_name_before: list[str]
    short_name_after: list[str]
    confidence_cap: float


@dataclass(frozen=True)
class IndustryRules:
    drop_suffixes: list[str]
    ye_after: str
    min_chars: int
    tagged_not_leading: list[str]
    tagged_not_trailing: list[str]
    tagged_trailing_count: re.Pattern
    tagged_cut_at: str
    tagged_chain_marks: str


@dataclass(frozen=True)
class TaggerRules:
    list_mark: str
    list_window: int
    keep_mention_above: float


@dataclass(frozen=True)
class ScorerRules:
    pair_window: int
    max_instances: int
    look_back: int
    look_back_types: list[str]
    between_lexicons: list[str]
    roles: list[str]
    standing: list[str]
    membership: list[str]
    ownership: list[str]
    city_deixis: list[str]
    province_deixis: list[str]
    negation: list[str]
    decline: list[str]


@dataclass(frozen=True)
class RelationRules:
    TARGETS: TargetsRules
    SUPPORTS: SupportsRules
    ISSUED_BY: IssuedByRules
    LOCATED_IN: LocatedInRules


@dataclass(frozen=True)
class Rules:
    text: TextRules
    chars: CharRules
    places: PlaceRules
    years: YearRules
    districts: DistrictRules
    lists: ListRules
    abbreviations: AbbreviationRules
    relations: RelationRules
    names: NameRules
    institutions: InstitutionRules
    model: ModelRules
    industries: IndustryRules
    tagger: TaggerRules
    scorer: ScorerRules
    _lexicons: dict = field(default_factory=dict, compare=False, repr=False)

    def lexicon(self, names: str):
        """An automaton over the words of "TYPE.key" lists joined by "+"; its values are word lengths."""
        auto = self._lexicons.get(names)
        if auto is None:
            words = [w for part in names.split("+") for w in self._words(part)]
            auto = self._lexicons[names] = word_automaton(words)
        return auto

    def _words(self, name: str) -> list[str]:
        """The words of one list: "TYPE.key" (a relationship type's rules) or "scorer.key"."""
        section, key = name.split(".")
        owner = self.scorer if section == "scorer" else getattr(self.relations, section)
        return getattr(owner, key)

    def spans(self, text: str, names: str) -> list[tuple[int, int]]:
        """(start, end) of every occurrence of a word of the lexicon `names`, in text order."""
        return sorted((end + 1 - n, end + 1) for end, n in self.lexicon(names).iter(text))

    @property
    def year_pattern(self) -> re.Pattern:
        return compiled(self.years.pattern)


@lru_cache(maxsize=None)
def compiled(pattern: str) -> re.Pattern:
    """A rules pattern, compiled once per process."""
    return re.compile(pattern)


def word_automaton(words: list[str]):
    """An Aho-Corasick automaton over `words`; each value is the word's length."""
    auto = ahocorasick.Automaton()
    for w in words:
        auto.add_word(w, len(w))
    auto.make_automaton()
    return auto


def _build(cls, data: dict, file: str, section: str = ""):
    names = {f.name for f in dataclasses.fields(cls) if not f.name.startswith("_")}
    unknown = sorted(set(data) - names)
    missing = sorted(names - set(data))
    if unknown or missing:
        raise RulesError(f"{file}: [{section or 'top level'}] " + "; ".join(
            part for part in (unknown and f"unknown key(s) {', '.join(unknown)}",
                              missing and f"missing key(s) {', '.join(missing)}") if part))
    values = {}
    for f in dataclasses.fields(cls):
        if f.name.startswith("_"):
            continue
        value = data[f.name]
        if f.type == "re.Pattern":
            value = compiled(value)
        elif dataclasses.is_dataclass(f.type) or isinstance(f.type, str) and f.type in _SECTIONS:
            if not isinstance(value, dict):
                raise RulesError(f"{file}: {section + '.' if section else ''}{f.name} should be a table")
            value = _build(_SECTIONS[f.type] if isinstance(f.type, str) else f.type, value, file,
                           f"{section}.{f.name}" if section else f.name)
        values[f.name] = value
    return cls(**values)


_SECTIONS = {c.__name__: c for c in (TextRules, CharRules, PlaceRules, YearRules, DistrictRules, ListRules,
                                     AbbreviationRules, TargetsRules, SupportsRules, IssuedByRules,
                                     LocatedInRules, NameRules, InstitutionRules, ModelRules, IndustryRules, TaggerRules,
                                     ScorerRules,
                                     RelationRules)}


@lru_cache(maxsize=None)
def load_rules(path: str = "") -> Rules:
    """The rules in `path` (default: the bundled ingest/data/rules.toml), read once per process."""
    file = Path(path) if path else RULES_FILE
    try:
        with file.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RulesError(f"{file}: {exc}") from exc
    return _build(Rules, data, str(file))
