"""The evidence panel and document filter read each document's STATES edges, not the sample."""
from __future__ import annotations

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
