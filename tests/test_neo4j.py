"""Neo4j against the embedded store: the same graph from the same texts, the same rows from every
canned query, and what only Neo4j's server enforces (constraints, READ mode, timeouts).

Runs on the session's Neo4j (tests/conftest.py: NEO4J_URI, or the project's own server).
"""
from __future__ import annotations

import re

import pytest

from paths import ESSAYS, ROOT

DEVSET = ROOT / "data" / "training" / "devset" / "texts"


@pytest.fixture(scope="module")
def both(neo4j_uri, tmp_path_factory):
    """The five essays and the dev set's texts, ingested into an embedded store and into Neo4j."""
    from graph.factory import open_store
    from ingest.runner import ingest_paths

    falkor = open_store(str(tmp_path_factory.mktemp("parity") / "kg.db"))
    neo = open_store(neo4j_uri)
    neo.clear()
    for s in (falkor, neo):
        report = ingest_paths([ESSAYS, DEVSET], s)
        assert not report.failed, report.failed
    yield falkor, neo
    neo.clear()
    neo.close()
    falkor.close()


def test_the_same_texts_give_the_same_export_on_both_stores(both):
    falkor, neo = both
    a, b = falkor.export(), neo.export()
    assert len(a["relationships"]) > 500
    assert [n["id"] for n in a["nodes"]] == [n["id"] for n in b["nodes"]]
    assert a == b


def _comparable(value):
    """A result value without the store's own ids (elementId vs integer)."""
    if isinstance(value, dict):
        kind = value.get("_kind")
        if kind == "node":
            return ("node", tuple(value["labels"]), _comparable(value["properties"]))
        if kind == "relationship":
            return ("rel", value["type"], _comparable(value["properties"]))
        if kind == "path":
            return ("path", tuple(_comparable(n) for n in value["nodes"]),
                    tuple(_comparable(r) for r in value["relationships"]))
        return tuple(sorted((k, _comparable(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_comparable(v) for v in value)
    if isinstance(value, float):
        return round(value, 6)
    return value


def _other_parameters(q, store) -> dict:
    """A second parameter set: the second choice of each parameter that offers choices."""
    other = {}
    for p in q.params:
        if p.choice_labels():
            from queries import reads

            names = reads.names(store, p.choice_labels())[:50]
            if len(names) > 1:
                other[p.name] = [names[1]] if p.type == "list" else names[1]
    return other


def _canned():
    from queries import catalogue

    return list(catalogue.load().values())


@pytest.mark.parametrize("q", _canned(), ids=lambda q: q.name)
def test_every_canned_query_gives_the_same_rows_on_both_stores(both, q):
    falkor, neo = both
    ordered = re.search(r"\bORDER\s+BY\b", q.cypher, re.I) is not None
    for given in ({}, _other_parameters(q, falkor)):
        params = q.bind(given)
        a = falkor.read(q.text_for(falkor.kind), params, row_limit=None, timeout_ms=60_000)
        b = neo.read(q.text_for(neo.kind), params, row_limit=None, timeout_ms=60_000)
        assert a.columns == b.columns, q.name
        rows_a = [_comparable(r) for r in a.rows]
        rows_b = [_comparable(r) for r in b.rows]
        if not ordered:
            rows_a, rows_b = sorted(rows_a, key=repr), sorted(rows_b, key=repr)
        assert rows_a == rows_b, (q.name, given)
    assert a.rows or b.rows or given, q.name


def test_every_internal_read_gives_the_same_rows_on_both_stores(both):
    from stores import internal_calls

    falkor, neo = both
    for (name, params, label), (_, neo_params, _) in zip(internal_calls(falkor), internal_calls(neo)):
        a = falkor.internal(name, params, label=label)
        b = neo.internal(name, neo_params, label=label)
        assert a.columns == b.columns, name
        assert sorted(map(repr, map(_comparable, a.rows))) == sorted(map(repr, map(_comparable, b.rows))), name


def test_the_schema_is_uniqueness_constraints_neo4j_itself_lists(neo4j_uri):
    from graph.model import ALL_LABELS
    from graph.factory import open_store

    s = open_store(neo4j_uri)
    listed = s._read("SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type RETURN labelsOrTypes, properties, type",
                     {}, None, None).rows  # the store's own listing (users' reads may not SHOW)
    unique = {labels[0] for labels, props, kind in listed if props == ["name"] and "UNIQUE" in kind}
    assert set(ALL_LABELS) <= unique
    s.close()


def test_read_mode_is_enforced_by_the_server_not_by_a_string_check(neo4j_uri):
    """A write sent through execute_read with the driver itself: Neo4j refuses it."""
    import neo4j

    driver = neo4j.GraphDatabase.driver(neo4j_uri, auth=("neo4j", "any"))
    with driver.session(default_access_mode=neo4j.READ_ACCESS) as session:
        with pytest.raises(neo4j.exceptions.ClientError) as exc:
            session.execute_read(lambda tx: tx.run("CREATE (:City {name: '伪造'})").consume())
    assert "write" in str(exc.value).lower() or "AccessMode" in exc.value.code
    with driver.session() as session:
        assert session.run("MATCH (c:City {name: '伪造'}) RETURN count(c) AS n").single()["n"] == 0
    driver.close()


def test_the_server_stops_a_query_at_its_time_limit(neo4j_uri):
    import time

    from graph.factory import open_store
    from graph.store import QueryTimeout

    s = open_store(neo4j_uri)
    start = time.perf_counter()
    with pytest.raises(QueryTimeout):
        s.read("UNWIND range(1, 1000000) AS x UNWIND range(1, 1000000) AS y WITH x WHERE x % 7 = 3 RETURN count(x)",
               timeout_ms=300)
    assert time.perf_counter() - start < 0.3 + 1.0 + 0.5  # the bound, plus scheduling slack
    s.close()
