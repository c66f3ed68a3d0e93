"""The evidence panel and document filter read each document's STATES edges, not the sample."""
from __future__ import annotations

import pytest

from graph.model import EVIDENCE_SAMPLE
from ui.graphview import Filters, ViewGraph, with_statements



def test_view_gets_every_source_document_and_its_sentences(store, make_doc):
    n = EVIDENCE_SAMPLE + 2
    for i in range(n):
        store.write_document(make_doc(f"d{i}.txt", sha=f"s{i}", sentence=f"成都第{i}次发展人工智能。"))
    rows = store.read("MATCH (c:City)-[r:TARGETS]->(i:Industry) RETURN c, r, i").rows
    g = with_statements(store, ViewGraph.from_rows(rows))
    (rel,) = g.rels.values()
    assert len(rel["properties"]["evidence"]) == EVIDENCE_SAMPLE  # what the relationship carries
    assert rel["sources"] == [f"d{i}.txt" for i in range(n)]  # what the documents say: all of it
    assert [s["evidence"] for s in rel["statements"]] == [[f"成都第{i}次发展人工智能。"] for i in range(n)]
    assert rel["stated"] == n  # fewer than a view reads of each relationship: all of them, no sample
    # the document filter keeps an edge when one of its documents is chosen
    assert g.filtered(Filters(documents={f"d{n - 1}.txt"})).rels
    assert not g.filtered(Filters(documents={"other.txt"})).rels


def test_evidence_marks_name_each_kind_in_the_chosen_language():
    from ui import viz

    marked = viz.highlight("北京重点发展人工智能。", {"北京": "City", "人工智能": "Industry"},
                           {"City": "城市", "Industry": "产业"})
    assert ">城市</sup>" in marked and ">产业</sup>" in marked and ">City<" not in marked
    # without names, the label as it is (the function stays usable outside the app)
    assert ">City</sup>" in viz.highlight("北京", {"北京": "City"})


def test_the_taxonomy_s_own_sentence_is_said_in_the_reader_s_words():
    # a PART_OF edge's evidence is the ingest's sentence naming its data file, not a quotation: in
    # English mode it read "industry taxonomy (ingest/data/industries.tsv): 人工智能 is part of 新一代信息技术"
    from ingest.assemble import TAXONOMY_EVIDENCE
    from ui import viz
    from ui.common import TEXT

    sentence = TAXONOMY_EVIDENCE.format(child="人工智能", parent="新一代信息技术")
    shown = {"人工智能": "Artificial intelligence", "新一代信息技术": "New-generation information technology"}
    assert viz.taxonomy_evidence(sentence, TEXT["en"]["taxonomy_evidence"], shown) == \
        "Industry taxonomy: Artificial intelligence is part of New-generation information technology"
    zh = viz.taxonomy_evidence(sentence, TEXT["zh"]["taxonomy_evidence"], {})
    assert zh == "产业分类：人工智能属于新一代信息技术"
    assert viz.taxonomy_evidence("北京重点发展人工智能。", TEXT["en"]["taxonomy_evidence"], shown) is None


def test_a_relationship_stated_by_many_documents_reads_a_sample_and_says_so(store, make_doc, monkeypatch):
    # on a big store a hub relationship is stated by thousands of documents: a view reads a few
    # of each relationship's, counts them all, and the panel and the filter still find the rest
    from queries import reads
    from ui.graphview import Filters, more_statements, sampled, stated_by

    monkeypatch.setattr(reads, "SOURCES_SAMPLED", 2)
    n = 5
    for i in range(n):
        store.write_document(make_doc(f"d{i}.txt", sha=f"s{i}", sentence=f"成都第{i}次发展人工智能。"))
    rows = store.read("MATCH (c:City)-[r:TARGETS]->(i:Industry) RETURN c, r, i").rows
    g = with_statements(store, ViewGraph.from_rows(rows))
    (rel,) = g.rels.values()
    assert rel["stated"] == n and len(rel["sources"]) == 2 and sampled(rel)
    assert all(s["evidence"] for s in rel["statements"])  # every document read gives its sentences
    assert set(rel["sources"]) <= {f"d{i}.txt" for i in range(n)}
    # the document filter: a chosen document the sample misses still keeps the relationship
    unlisted = sorted({f"d{i}.txt" for i in range(n)} - set(rel["sources"]))[0]
    keep = Filters(documents={unlisted}, stated_by_chosen=stated_by(store, g, {unlisted}))
    assert keep.stated_by_chosen == {rel["key"]} and g.filtered(keep).rels
    other = Filters(documents={"other.txt"}, stated_by_chosen=stated_by(store, g, {"other.txt"}))
    assert not g.filtered(other).rels
    # the evidence panel reads more of the relationship's documents when it is chosen
    more_statements(store, rel, 30)
    assert [s["doc"] for s in rel["statements"]] == [f"d{i}.txt" for i in range(n)]
    assert rel["stated"] == n


def test_a_view_reads_at_most_a_bounded_number_of_statements():
    from queries import reads

    assert reads.sources_per_relationship(1) == reads.SOURCES_SAMPLED
    assert reads.sources_per_relationship(1_000) * 1_000 <= reads.STATEMENT_ROWS
    assert reads.sources_per_relationship(10 ** 6) == 1  # every relationship still gets its sentence


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_node_s_properties_are_shown_by_their_names_not_their_codes(essays_store, monkeypatch, lang):
    # the panel of a clicked node listed recognised_by · gazetteer, 类别 · high-tech-zone, 级别 ·
    # municipality: every property and every kind, level and way of recognising a node in the graph has
    # a name in both languages
    import streamlit as st

    from ui import graphview
    from ui.common import TEXT

    monkeypatch.setattr(st, "session_state", {"lang": lang})
    shown: list[list[dict]] = []
    monkeypatch.setattr(st, "dataframe", lambda rows, **_: shown.append(rows))
    rows = essays_store.read("MATCH (n) WHERE n:City OR n:Zone OR n:Institution OR n:Industry RETURN n",
                             row_limit=None).rows
    g = ViewGraph.from_rows(rows)
    codes = set()
    for node in g.nodes.values():
        graphview.show_node(g, node, lambda k: TEXT[lang][k], lang)
        codes |= {(k, str(v)) for k, v in node["properties"].items() if k in ("kind", "level", "recognised_by")}
    table = [row for rows in shown for row in rows]
    names = {row[TEXT[lang]["col_property"]] for row in table}
    values = {row[TEXT[lang]["col_value"]] for row in table}
    assert {"recognised_by", "kind", "level"}.isdisjoint(names) and not [n for n in names if "_" in n], names
    assert len(codes) > 10 and not [c for c in codes if f"pv_{c[0]}_{c[1]}" not in TEXT[lang]], codes
    coded = {"gazetteer"} | {v for _, v in codes if "-" in v}  # high-tech-zone, sub-provincial: never words
    assert not values & coded, values & coded


@pytest.mark.parametrize("lang, zone", [("zh", "园区/城区"), ("en", "Zone / district")])
def test_the_graph_legend_names_labels_as_the_rest_of_the_page_does(lang, zone):
    # in English the legend showed the schema's identifier (Zone) where pickers and charts say Zone / district
    from ui import viz

    legend = viz.legend_html(["City", "Zone"], lang)
    assert zone in legend and ">Zone<" not in legend
