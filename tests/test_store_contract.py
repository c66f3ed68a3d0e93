"""The store contract, run against the embedded FalkorDB always and Neo4j when NEO4J_URI is set."""
from __future__ import annotations

import pytest

from graph.store import QueryRefused, QueryTimeout, StoreError


def test_schema_is_idempotent(store):
    store.ensure_schema()
    store.ensure_schema()
    assert store.counts() == {"nodes": 0, "relationships": 0}


def test_write_creates_nodes_and_relationships_with_evidence(store, make_doc):
    summary = store.write_document(make_doc("a.txt"))
    assert summary.nodes == 4  # City, Industry, Province, Document
    rel = store.read("MATCH (:City {name: '成都'})-[r:TARGETS]->(:Industry {name: '人工智能'}) RETURN r").rows[0][0]
    p = rel["properties"]
    assert p["evidence"] == ["成都重点发展人工智能。"] and p["evidence_doc"] == ["a.txt"]
    assert p["source_count"] == 1 and p["years"] == [2024] and p["count"] == 1
    assert p["confidence"] == pytest.approx(0.9)
    # what the document itself says is on its own STATES edge, found by the relationship's key
    states = store.read("MATCH (d:Document)-[s:STATES {key: $key}]->(c:City) RETURN d.name, c.name, s",
                        {"key": "City:成都-TARGETS->Industry:人工智能"}).rows
    assert [(d, c) for d, c, _ in states] == [("a.txt", "成都")]
    s = states[0][2]["properties"]
    assert (s["type"], s["tail_label"], s["tail"]) == ("TARGETS", "Industry", "人工智能")
    assert s["evidence"] == ["成都重点发展人工智能。"] and s["evidence_year"] == [2024] and s["count"] == 1
    # every node it contributes has a MENTIONS edge from it, named in the text or not
    mentioned = store.read("MATCH (:Document {name: 'a.txt'})-[m:MENTIONS]->(n) RETURN n.name, m.count, "
                           "n.source_count ORDER BY n.name").rows
    assert mentioned == [["人工智能", 1, 1], ["四川", 0, 1], ["成都", 1, 1]]


def test_same_document_twice_changes_nothing(store, make_doc):
    store.write_document(make_doc("a.txt"))
    before = store.export()
    again = store.write_document(make_doc("a.txt"))
    assert again.skipped
    assert store.export() == before


def test_mentions_aggregate_across_documents_and_removal_is_exact(store, make_doc):
    store.write_document(make_doc("a.txt"))
    only_a = store.export()
    store.write_document(make_doc("b.txt", sha="sha-b", sentence="成都布局人工智能产业。", year=2023))
    p = store.read("MATCH (:City)-[r:TARGETS]->() RETURN r").rows[0][0]["properties"]
    assert p["count"] == 2 and p["source_count"] == 2 and sorted(p["evidence_doc"]) == ["a.txt", "b.txt"]
    assert sorted(p["years"]) == [2023, 2024] and len(p["evidence"]) == 2
    assert store.read("MATCH (c:City) RETURN c.source_count").rows == [[2]]
    exported = next(r for r in store.export()["relationships"] if r["type"] == "TARGETS")["properties"]
    assert exported["sources"] == ["a.txt", "b.txt"] and exported["source_years"] == [[2024], [2023]]
    assert store.remove_document("b.txt")
    assert store.export() == only_a
    assert store.remove_document("a.txt")
    assert store.counts() == {"nodes": 0, "relationships": 0}
    assert not store.remove_document("a.txt")


def test_relationship_keeps_a_sample_and_its_documents_keep_everything(store, make_doc):
    from graph.model import EVIDENCE_SAMPLE

    n = EVIDENCE_SAMPLE + 3
    docs = [make_doc(f"d{i:02d}.txt", sha=f"s{i}", sentence=f"成都第{i}次发展人工智能。", year=2000 + i)
            for i in range(n)]
    store.write_documents(docs[:4])
    for d in docs[4:]:
        store.write_document(d)
    p = store.read("MATCH (:City)-[r:TARGETS]->() RETURN r").rows[0][0]["properties"]
    assert len(p["evidence"]) == EVIDENCE_SAMPLE == len(p["evidence_doc"]) == len(p["evidence_year"])
    assert p["source_count"] == n and p["count"] == n and p["years"] == [2000 + i for i in range(n)]
    states = store.read("MATCH (d:Document)-[s:STATES {type: 'TARGETS'}]->() RETURN d.name, s.evidence "
                        "ORDER BY d.name").rows
    assert [row[0] for row in states] == [d.doc_id for d in docs]
    # removing documents recomputes the aggregates from those left, exactly
    for d in docs[1:]:
        assert store.remove_document(d.doc_id)
    p = store.read("MATCH (:City)-[r:TARGETS]->() RETURN r").rows[0][0]["properties"]
    assert (p["source_count"], p["count"], p["years"], p["evidence_doc"]) == (1, 1, [2000], ["d00.txt"])
    assert store.read("MATCH (c:City) RETURN c.source_count").rows == [[1]]


def test_changed_document_replaces_its_old_version(store, make_doc):
    store.write_document(make_doc("a.txt", city="成都"))
    summary = store.write_document(make_doc("a.txt", sha="sha-2", city="绵阳", sentence="绵阳发展人工智能。"))
    assert summary.replaced
    cities = [r[0] for r in store.read("MATCH (c:City) RETURN c.name").rows]
    assert cities == ["绵阳"]


@pytest.mark.parametrize("write", [
    "CREATE (n:City {name: '伪造'})",
    "MERGE (n:City {name: '伪造'})",
    "MATCH (n:City) SET n.hacked = true",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n:City) REMOVE n.english",
])
def test_read_refuses_writes_and_changes_nothing(store, write, make_doc):
    store.write_document(make_doc("a.txt"))
    before = store.export()
    with pytest.raises(QueryRefused):
        store.read(write)
    assert store.export() == before


def test_row_limit_cuts_and_reports(store):
    res = store.read("UNWIND range(1, 50) AS x RETURN x", row_limit=10)
    assert res.truncated and len(res.rows) == 10
    res = store.read("UNWIND range(1, 5) AS x RETURN x", row_limit=10)
    assert not res.truncated and [r[0] for r in res.rows] == [1, 2, 3, 4, 5]


def test_time_limit_stops_long_queries(store):
    with pytest.raises(QueryTimeout):
        store.read("UNWIND range(1, 1000000) AS x UNWIND range(1, 1000000) AS y WITH x WHERE x % 7 = 3 RETURN count(x)",
                   timeout_ms=50)


def test_parameters_are_values_not_cypher(store, make_doc):
    store.write_document(make_doc("a.txt"))
    hostile = "成都'}) DETACH DELETE n //"
    assert store.read("MATCH (c:City {name: $name}) RETURN c", {"name": hostile}).rows == []
    assert store.counts()["nodes"] == 4


def test_syntax_error_is_a_clear_store_error(store):
    with pytest.raises(StoreError) as exc:
        store.read("MATCH (n RETURN n")
    assert str(exc.value)


def test_export_shape_and_stable_ids(store, make_doc):
    store.write_document(make_doc("a.txt"))
    g = store.export()
    assert set(g) == {"nodes", "relationships"}
    ids = {n["id"] for n in g["nodes"]}
    assert {"City:成都", "Industry:人工智能", "Province:四川", "Document:a.txt"} <= ids
    for r in g["relationships"]:
        assert set(r) == {"id", "type", "start", "end", "properties"}
        assert r["start"] in ids and r["end"] in ids
        assert r["properties"]["evidence"], r  # every relationship carries a sentence


def test_uniqueness_on_name(store, make_doc):
    store.write_document(make_doc("a.txt"))
    store.write_document(make_doc("b.txt", sha="b"))
    assert store.read("MATCH (c:City {name: '成都'}) RETURN count(c)").rows[0][0] == 1
    with pytest.raises(StoreError):
        store._write("CREATE (:City {name: '成都'})", {})


def test_a_batch_equals_writing_one_by_one(store, make_doc):
    docs = [make_doc("a.txt"), make_doc("b.txt", sha="b", sentence="成都布局人工智能。", year=2023),
            make_doc("c.txt", sha="c", city="绵阳", sentence="绵阳发展人工智能。")]
    for d in docs:
        store.write_document(d)
    one_by_one = store.export()
    store.clear()
    summaries = store.write_documents(docs)
    assert [s.skipped for s in summaries] == [False, False, False]
    assert store.export() == one_by_one
    assert all(s.skipped for s in store.write_documents(docs))


def test_explain_shows_the_plan_without_running(store, make_doc):
    store.write_document(make_doc("a.txt"))
    plan = store.explain("MATCH (c:City {name: $name})-[:TARGETS]->(i) RETURN i.name", {"name": "成都"})
    assert "index" in plan.lower() or "Index" in plan, plan  # the lookup starts from the name index
    before = store.export()
    store.explain("MATCH (n) DETACH DELETE n")  # planned, not run
    assert store.export() == before


def test_schema_lists_a_constraint_or_index_per_label(store):
    from graph.model import ALL_LABELS

    lines = "\n".join(store.schema())
    for label in ALL_LABELS:
        assert f"{label}(name" in lines or f"on {label}(" in lines, (label, lines)


def test_names_with_whitespace_at_either_end_are_stored_stripped(store, make_doc):
    """FalkorDB's uniqueness check crashes its server on such a name: the store must never send one."""
    doc = make_doc("a.txt", city=" 成都\t")
    store.write_document(doc)
    assert store.read("MATCH (c:City) RETURN c.name").rows == [["成都"]]
    assert store.read("MATCH (:City {name: '成都'})-[r:TARGETS]->() RETURN count(r)").rows == [[1]]
    store.write_document(make_doc("b.txt", sha="b", city="\n成都"))  # the server is still up
    assert store.counts()["nodes"] == 5


def test_fetch_nodes_returns_a_relationships_ends(store, make_doc):
    """Queries that return relationships alone (no node per row) have their ends fetched once."""
    store.write_document(make_doc("a.txt"))
    rel = store.read("MATCH (:City)-[r:TARGETS]->() RETURN r").rows[0][0]
    nodes = store.fetch_nodes([rel["start"], rel["end"]])
    assert sorted(n["properties"]["name"] for n in nodes) == ["人工智能", "成都"]
    assert {n["id"] for n in nodes} == {rel["start"], rel["end"]}
