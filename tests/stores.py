"""Which stores the tests run on (imported by conftest and by tests that need one of each kind)."""
from __future__ import annotations

import importlib.util
import os

import pytest

from paths import ROOT


def launcher():
    spec = importlib.util.spec_from_file_location("kg_neo4j_server", ROOT / "tools" / "neo4j" / "server.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def neo4j_mode() -> str:
    """'external' (NEO4J_URI), 'launch' (our own server) or 'none' (and always 'none' for
    `make test-quick`, KG_QUICK=1)."""
    if os.environ.get("KG_QUICK") == "1":
        return "none"
    if os.environ.get("NEO4J_URI"):
        return "external"
    if os.environ.get("KG_TEST_NEO4J") == "1" or launcher().available() is None:
        return "launch"
    if os.environ.get("KG_REQUIRE_NEO4J") == "1":
        raise pytest.UsageError(f"KG_REQUIRE_NEO4J=1 but Neo4j cannot run here: {launcher().available()}")
    return "none"


NEO4J = neo4j_mode()


def store_kinds() -> list[str]:
    return ["falkordb"] + (["neo4j"] if NEO4J != "none" else [])


def open_kind(kind: str, tmp_path, request):
    """An empty store of one kind (Neo4j: the session's server, cleared)."""
    from graph.factory import open_store

    if kind == "falkordb":
        return open_store(str(tmp_path / "contract.db"))
    s = open_store(request.getfixturevalue("neo4j_uri"))
    s.clear()
    return s




def internal_calls(store) -> list[tuple[str, dict, str]]:
    """(name, params, label) for every internal read in cypher/internal/, with values the essays'
    graph holds: the tests run each on every store, as they run the canned queries."""
    import cypher
    from graph.model import OWN_LABELS_AND_TYPES

    # the same nodes and statement on every store (a bare LIMIT picks by storage order)
    ids = [r[0] for r in store.read("MATCH (c:City) WITH c ORDER BY c.name RETURN c LIMIT 3").rows]
    key = store.read("MATCH (d:Document)-[s:STATES]->() RETURN s.key AS k ORDER BY k LIMIT 1").rows[0][0]
    labels, types = OWN_LABELS_AND_TYPES
    doc = store.documents(limit=1)[0]["name"]
    stating = store.read("MATCH (d:Document)-[s:STATES]->() WHERE s.key = $k RETURN d.name AS n ORDER BY n LIMIT 1",
                         {"k": key}).rows[0][0]
    calls = {
        "documents": ({"limit": 3}, ""), "export_nodes": ({}, ""), "export_relationships": ({}, ""),
        "export_statements": ({}, ""), "fetch_nodes": ({"ids": store._node_ids([n["id"] for n in ids])}, ""),
        "foreign_nodes": ({"ours": labels}, ""), "foreign_relationships": ({"ours": types}, ""),
        "industry_parents": ({}, ""), "merges": ({}, ""), "names": ({}, "City"),
        "neighbours": ({"name": "成都", "limit": 20}, "City"), "node_count": ({}, ""),
        "relationship_count": ({}, ""), "statement_evidence": ({"keys": [key], "per": 10}, ""),
        "documents_stating": ({"names": [stating], "keys": [key]}, ""),
        "corrections": ({}, ""), "documents_corrected_by": ({"id": "nothing"}, ""),
        "documents_mentioning": ({"names": ["成都"]}, "City"), "extractions": ({"ids": [doc]}, ""),
        "node_evidence": ({"name": "成都", "limit": 10}, "City"), "own_nodes": ({"ours": labels}, ""),
        "document_titles": ({"names": [doc]}, ""),
        "map_places": ({"industry": "人工智能"}, ""), "map_industries": ({}, ""),
        "unnamed": ({}, "Industry"),
    }
    assert set(calls) == set(cypher.internal_names()), "a new internal read needs its call here"
    return [(name, params, label) for name, (params, label) in sorted(calls.items())]
