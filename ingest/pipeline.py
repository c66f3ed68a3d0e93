"""The extraction pipeline: `nlp(text)` runs every stage, in this order.

  kg_sentences  paragraphs and sentences          doc.spans["paragraphs"], doc.spans["sentences"]
  kg_mentions   entity mentions (gazetteer, name  doc.ents, doc.spans["mentions"], doc._.mentions
                patterns, coordinated lists)
  kg_model_names  names the statistical model     the same, with source "model"
                proposes where the above found
                nothing (left out by --fast)
  kg_places     the document's own place, and     doc._.topic; Mention.place of ambiguous counties
                which city an ambiguous county is in
  kg_relations  what the rules read: TARGETS /     doc._.readings: [Reading] (sentence, its place,
                SUPPORTS / ISSUED_BY / LOCATED_IN  the rules' findings)
                per sentence (ingest/relations/)
  kg_candidates every pair the schema allows, with doc._.candidates: [Candidate]
                its features (ingest/candidates.py)
  kg_scorer     the learned model decides which   doc._.found: [((start, end), [Found])]
                candidates hold (ingest/scorer.py;
                the rules alone without a model)
  kg_graph      assembly into the graph model     doc._.graph: GraphParts

`spacy.blank("zh")` gives the Chinese language data; the tokenizer makes one
token per character, so any character span is a span. Every component is
registered with `Language.factory` and takes its settings from the typed
rules (`rules` in its config: a rules.toml path, empty for the bundled one).

The Doc's text is the cleaned document (ingest/normalize.py), in its original
script, so evidence quotes the original; `doc._.simplified` is the same text
in simplified characters, which every matcher reads (same length, same offsets).
"""
from __future__ import annotations

import bisect
import dataclasses
import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from textnorm import to_simplified

from . import gazetteer
from .assemble import assemble
from .candidates import CandidateBuilder, Reading
from .compounds import distribute_shared_head, join_adjacent_industries
from .government import name_government_bodies
from .industry_names import name_as_written
from .name_tagger import NameTagger
from .lists import ListCompleter
from .mention import Mention
from .model_names import MODEL_SOURCE, ModelNames
from .places import (document_city_and_province, document_policy, dominant_place, place_ambiguous_zones,
                     resolve_short_names)
from .recognize import NameRecognizer
from .relations import Found, Sentence, issued_by, located_in, supports, targets
from .relations.supports import PlanContents
from .rules import Rules, load_rules
from .scorer import decide, load_model

for _attr in ("simplified", "mentions", "topic", "policy", "readings", "candidates", "found", "graph"):
    if not Doc.has_extension(_attr):
        Doc.set_extension(_attr, default=None)

# The longest text one Doc takes (one token per character costs ~125 bytes each);
# ingest/extract.py feeds longer documents in sections of whole paragraphs.
MAX_DOC_CHARS = 1_000_000


class CharTokenizer:
    """One token per character, as spaCy's zh "char" segmenter gives, built straight
    from the character list (about 2.5x faster on paragraphs of policy prose)."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        doc = Doc(self.vocab, words=list(text), spaces=[False] * len(text))
        doc.user_data["text"] = text  # Doc.text re-joins every token on each access
        return doc


def doc_text(doc: Doc) -> str:
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


def _spans(doc: Doc, offsets) -> list[Span]:
    return [Span(doc, start, end) for start, end in offsets]  # one token per character


def _offsets(spans) -> list[tuple[int, int]]:
    return [(s.start_char, s.end_char) for s in spans]


class SentenceSplitter:
    """Paragraphs (lines, long ones cut) and, inside each, sentences ending in Chinese or
    ASCII end punctuation with their closing quotes. Char offsets from one regex pass:
    setting is_sent_start token by token costs more than the rest of the pipeline."""

    def __init__(self, rules: Rules):
        self.rules = rules
        ends = re.escape(rules.text.sentence_end)
        closers = re.escape(rules.text.sentence_closers)
        self.sentence = re.compile(rf"[^{ends}]+(?:[{ends}]+[{closers}]*)?|[{ends}]+")

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        paragraphs, sentences = [], []
        pos = 0
        for line in text.split("\n"):
            if line.strip():
                for piece in split_long(line, self.rules):
                    paragraphs.append((pos, pos + len(piece)))
                    sentences += [(pos + m.start(), pos + m.end()) for m in self.sentence.finditer(piece)
                                  if m.group().strip()]
                    pos += len(piece)
            else:
                pos += len(line)
            pos += 1  # the newline
        doc.spans["paragraphs"] = _spans(doc, paragraphs)
        doc.spans["sentences"] = _spans(doc, sentences)
        return doc


def split_long(paragraph: str, rules: Rules) -> list[str]:
    """A paragraph in pieces of at most text.max_paragraph_chars: cut after a sentence end
    where one is near, else at the limit."""
    limit = rules.text.max_paragraph_chars
    ends = rules.text.sentence_end
    pieces = []
    while len(paragraph) > limit:
        cut = max(paragraph.rfind(ch, 0, limit) for ch in ends) + 1
        cut = cut if cut > limit // 2 else limit
        pieces.append(paragraph[:cut])
        paragraph = paragraph[cut:]
    return pieces + [paragraph]


class MentionFinder:
    """Entity mentions per paragraph, on simplified text: names (gazetteer and patterns),
    then coordinated lists that complete the gazetteer's industries."""

    def __init__(self, rules: Rules):
        self.rules = rules
        self.gazetteer = gazetteer.load()
        self.recognize = NameRecognizer(rules, self.gazetteer)
        self.complete_lists = ListCompleter(rules)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        simplified = list(text)
        mentions: list[Mention] = []
        for start, end in _offsets(doc.spans["paragraphs"]):
            para = to_simplified(text[start:end])
            simplified[start:end] = para
            found = self.complete_lists(para, self.recognize(para), self.gazetteer.generic)
            found = join_adjacent_industries(para, found, self.rules)
            found = distribute_shared_head(para, found, self.rules, self.gazetteer.surface)
            found = name_as_written(para, found, self.rules, self.gazetteer)
            mentions += [m.shifted(start) for m in found]
        doc._.simplified = "".join(simplified)
        _set_mentions(doc, mentions)
        return doc


def _set_mentions(doc: Doc, mentions: list[Mention]) -> None:
    doc._.mentions = mentions
    spans = [Span(doc, m.start, m.end, label=m.label, kb_id=m.name) for m in mentions]
    doc.spans["mentions"] = spans
    doc.set_ents(spacy.util.filter_spans(spans))


class ModelNameFinder:
    """The statistical recogniser's names, in sentences that already name something
    (a sentence naming nothing carries no relationship)."""

    def __init__(self, rules: Rules):
        from .model import tagger

        self.names = ModelNames(rules, gazetteer.load(), tagger())

    def __call__(self, doc: Doc) -> Doc:
        mentions = doc._.mentions
        starts = [m.start for m in mentions]
        text = doc._.simplified
        asked = [(start, text[start:end]) for start, end in _offsets(doc.spans["sentences"])
                 if bisect.bisect_left(starts, start) < bisect.bisect_left(starts, end)]
        _set_mentions(doc, self.names.propose(asked, mentions))
        return doc


class TaggedNames:
    """Industries and institutions as the trained tagger reads each sentence that names
    something, with the mentions found so far as its features (ingest/name_tagger.py)."""

    def __init__(self, rules: Rules):
        self.tag = NameTagger(rules, gazetteer.load())

    def __call__(self, doc: Doc) -> Doc:
        mentions = doc._.mentions
        starts = [m.start for m in mentions]
        asked = [(start, end) for start, end in _offsets(doc.spans["sentences"])
                 if bisect.bisect_left(starts, start) < bisect.bisect_left(starts, end)]
        _set_mentions(doc, self.tag(doc._.simplified, asked, mentions))
        return doc


class DocumentPlaces:
    """The place the document is about (doc._.topic) and the city of each ambiguous county."""

    def __init__(self, rules: Rules):
        self.rules = rules
        self.gazetteer = gazetteer.load()
        self.self_reference = re.compile(rules.names.self_reference)
        self.short_name = re.compile(rules.names.short_name)

    def __call__(self, doc: Doc) -> Doc:
        doc._.topic = dominant_place(doc._.mentions, self.rules.places)
        place_ambiguous_zones(doc._.mentions, self.gazetteer)
        resolve_short_names(doc._.simplified, doc._.mentions, self.short_name)
        city, province = document_city_and_province(doc._.topic, doc._.mentions, self.gazetteer)
        mentions = name_government_bodies(doc._.simplified, doc._.mentions, self.gazetteer, city, province)
        doc._.policy = document_policy(doc._.simplified, mentions, self.self_reference)
        if mentions != doc._.mentions:
            _set_mentions(doc, mentions)
        return doc


class RelationFinder:
    """Relations sentence by sentence. Each paragraph starts from the document's place;
    a place acting in a sentence becomes the place the paragraph's next sentences inherit."""

    def __init__(self, rules: Rules):
        self.rules = rules
        self.gazetteer = gazetteer.load()

    def __call__(self, doc: Doc) -> Doc:
        text, mentions = doc._.simplified, doc._.mentions
        starts = [m.start for m in mentions]
        sentences = _offsets(doc.spans["sentences"])
        cfg = self.rules.relations.SUPPORTS
        results = []
        s = 0
        for p_start, p_end in _offsets(doc.spans["paragraphs"]):
            topic, local = doc._.topic, False  # has a place acted in this paragraph yet?
            plans = PlanContents(cfg.plan_window, cfg.plan_confidence)
            while s < len(sentences) and sentences[s][0] < p_end:
                start, end = sentences[s]
                s += 1
                first = bisect.bisect_left(starts, start)
                inside = [m.shifted(-start) for m in mentions[first:bisect.bisect_left(starts, end)]
                          if m.end <= end]
                sentence = Sentence(text[start:end], inside, self.rules, self.gazetteer)
                acting = targets.subject_place(sentence)
                found = (targets.find(sentence, topic, local) + targets.named_industries(sentence)
                         + supports.find(sentence)
                         + issued_by.find(sentence) + located_in.find(sentence, acting or topic))
                found += targets.layouts(sentence, found)
                found += plans.step(found)
                found = _capped(found, inside, self.rules.model.confidence_cap)
                found = _without_media(found, sentence)
                results.append(Reading((start, end), sentence, topic, found, len(results)))
                if acting:
                    topic, local = acting, True
        if doc._.policy is not None:
            _document_policy_contents(results, doc._.policy, cfg.plan_confidence)
        doc._.readings = results
        return doc


def _document_policy_contents(results: list, policy: tuple[str, str], confidence: float) -> None:
    """A document that is a policy (it calls itself 本行动计划) supports what its places target:
    those targets are its contents (Conventions 5)."""
    for reading in results:
        found = reading.found
        supported = {f.tail for f in found if f.type == "SUPPORTS" and f.head == policy}
        for f in list(found):
            if f.type == "TARGETS" and f.tail not in supported:
                supported.add(f.tail)
                found.append(Found("SUPPORTS", policy, f.tail, confidence, True, f.at))


def _capped(found: list, mentions: list[Mention], cap: float) -> list:
    """A relationship with an end only the statistical model found is at most `cap` confident."""
    guessed = {m.key for m in mentions if m.source == MODEL_SOURCE}
    if not guessed:
        return found
    return [dataclasses.replace(f, confidence=min(f.confidence, cap))
            if f.head in guessed or f.tail in guessed else f for f in found]


def _without_media(found: list, sentence) -> list:
    """Media (bylines, photo credits) take no relationships (Conventions 4)."""
    media = {m.key for m in sentence.mentions if m.label == "Institution" and sentence.body_kind(m) == "media"}
    return [f for f in found if f.head not in media and f.tail not in media] if media else found


class CandidateFinder:
    """Every pair of mentions the schema allows, per sentence, and the rules' findings, as
    document-level candidates with their features."""

    def __init__(self, rules: Rules):
        self.builder = CandidateBuilder(rules, gazetteer.load())

    def __call__(self, doc: Doc) -> Doc:
        doc._.candidates = self.builder.build(doc._.readings, doc._.topic, doc._.mentions)
        return doc


class RelationScorer:
    """The learned model's decisions (the rules' findings where no model is installed)."""

    def __init__(self, rules: Rules, model: str = ""):
        self.model = load_model(model)
        self.cap = rules.model.confidence_cap

    def __call__(self, doc: Doc) -> Doc:
        doc._.found = decide(doc._.readings, doc._.candidates, self.model, self.cap)
        return doc


class GraphAssembler:
    def __init__(self, rules: Rules):
        self.rules = rules
        self.gazetteer = gazetteer.load()

    def __call__(self, doc: Doc) -> Doc:
        doc._.graph = assemble(doc, self.rules, self.gazetteer)
        return doc


# The stages in the order nlp() runs them, with what each reads and sets: each is a spaCy
# factory whose one setting is the rules file (empty: the bundled one), and
# `nlp.analyze_pipes()` checks the order against what they declare.
COMPONENTS = {
    "kg_sentences": (SentenceSplitter, [], ["doc.spans"]),
    "kg_mentions": (MentionFinder, ["doc.spans"], ["doc.ents", "doc._.simplified", "doc._.mentions"]),
    "kg_model_names": (ModelNameFinder, ["doc._.mentions", "doc._.simplified"], ["doc.ents", "doc._.mentions"]),
    "kg_tagged_names": (TaggedNames, ["doc._.mentions", "doc._.simplified"], ["doc.ents", "doc._.mentions"]),
    "kg_places": (DocumentPlaces, ["doc._.mentions", "doc._.simplified"], ["doc._.topic", "doc._.policy"]),
    "kg_relations": (RelationFinder, ["doc._.mentions", "doc._.topic"], ["doc._.readings"]),
    "kg_candidates": (CandidateFinder, ["doc._.readings", "doc._.topic"], ["doc._.candidates"]),
    "kg_scorer": (RelationScorer, ["doc._.readings", "doc._.candidates"], ["doc._.found"]),
    "kg_graph": (GraphAssembler, ["doc._.found", "doc._.mentions"], ["doc._.graph"]),
}


def _factory(component):
    def make(nlp: Language, name: str, rules: str):
        return component(load_rules(rules))
    return make


for _stage, (_component, _requires, _assigns) in COMPONENTS.items():
    if not Language.has_factory(_stage):
        Language.factory(_stage, default_config={"rules": ""}, requires=_requires, assigns=_assigns,
                         func=_factory(_component))

STAGES = tuple(COMPONENTS)
FAST_STAGES = tuple(s for s in STAGES if s != "kg_model_names")  # gazetteer and patterns only


def build(rules: str = "", fast: bool = False) -> Language:
    """A pipeline over the rules file `rules` (empty: the bundled one); `fast` leaves out the model."""
    pipeline = spacy.blank("zh")  # Chinese language data; no model download
    pipeline.tokenizer = CharTokenizer(pipeline.vocab)
    pipeline.max_length = MAX_DOC_CHARS
    for stage in FAST_STAGES if fast else STAGES:
        pipeline.add_pipe(stage, config={"rules": rules})
    return pipeline


def rescore(doc: Doc, model) -> Doc:
    """Decide a processed Doc's relationships again with another relation model (cross-validation
    trains one per held-out document) and assemble its graph again."""
    rules = load_rules()
    doc._.found = decide(doc._.readings, doc._.candidates, model, rules.model.confidence_cap)
    doc._.graph = assemble(doc, rules, gazetteer.load())
    return doc


@lru_cache(maxsize=2)
def nlp(fast: bool = False) -> Language:
    """The bundled pipeline, built once per process (and once more for --fast)."""
    return build(fast=fast)
