"""The spaCy pipeline: spacy.blank("zh") (char segmenter) plus three small components.

  kg_sentences  sentence starts from Chinese and ASCII end punctuation
  kg_entities   entity spans from the gazetteer and name patterns (ingest/recognize.py)
  kg_relations  TARGETS / SUPPORTS / ISSUED_BY / LOCATED_IN per sentence (ingest/relations.py)

One Doc is one paragraph: the char segmenter slows down on very long texts,
and a paragraph is the unit a sentence without a place inherits its place from.
Doc._.simplified holds the simplified text that matching ran on; the Doc text
itself keeps the original characters, so evidence is the original sentence.
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from . import relations as rel
from .datafiles import rules
from .normalize import to_simplified
from .recognize import Mention, recognize

for _attr, _default in (("simplified", ""), ("mentions", None), ("found", None), ("topic", None)):
    if not Doc.has_extension(_attr):
        Doc.set_extension(_attr, default=_default)
if not Span.has_extension("found"):
    Span.set_extension("found", default=None)


@Language.component("kg_sentences")
def kg_sentences(doc: Doc) -> Doc:
    ends = set(rules()["text"]["sentence_end"])
    closers = set("”’\"」』）)")
    prev_end = False
    for i, token in enumerate(doc):
        if i == 0:
            token.is_sent_start = True
        elif prev_end and token.text not in closers and token.text not in ends:
            token.is_sent_start = True
        else:
            token.is_sent_start = False
        prev_end = token.text in ends or (prev_end and token.text in closers)
    return doc


@Language.component("kg_entities")
def kg_entities(doc: Doc) -> Doc:
    simplified = to_simplified(doc.text)
    doc._.simplified = simplified
    mentions = recognize(simplified)
    doc._.mentions = mentions
    spans = []
    for m in mentions:
        span = doc.char_span(m.start, m.end, label=m.label, kb_id=m.name, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.set_ents(spacy.util.filter_spans(spans))
    return doc


@Language.component("kg_relations")
def kg_relations(doc: Doc) -> Doc:
    """Relations per sentence. doc._.topic (set by the caller) is the place an
    unplaced sentence inherits; a place acting in a sentence updates it."""
    mentions: list[Mention] = doc._.mentions or []
    text = doc._.simplified
    topic = doc._.topic
    plans = rel.PlanContents()
    results = []
    for sent in doc.sents:
        inside = [m for m in mentions if sent.start_char <= m.start and m.end <= sent.end_char]
        local = [Mention(m.start - sent.start_char, m.end - sent.start_char, m.label, m.name, m.source,
                         m.props, m.place) for m in inside]
        s_text = text[sent.start_char:sent.end_char]
        found = (rel.targets(s_text, local, topic) + rel.supports(s_text, local)
                 + rel.issued_by(s_text, local) + rel.located_in(s_text, local) + rel.city_province(local))
        found += plans.step(found)
        topic = rel.subject_place(s_text, local) or topic
        sent._.found = found
        results.append((sent, found))
    doc._.found = results
    doc._.topic = topic
    return doc


@lru_cache(maxsize=1)
def nlp() -> Language:
    pipeline = spacy.blank("zh")  # the default zh segmenter is "char": no model download
    pipeline.add_pipe("kg_sentences")
    pipeline.add_pipe("kg_entities")
    pipeline.add_pipe("kg_relations")
    return pipeline

