"""Shared fixtures: stores to run the contract against, and a graph of the five bundled essays.

Neo4j joins every store test: a server named by NEO4J_URI, or else the project's own
(tools/neo4j), started once per session when Java and Maven are here (or KG_TEST_NEO4J=1).
With KG_REQUIRE_NEO4J=1 (CI) a Neo4j that cannot run is an error, never a skip.
"""
from __future__ import annotations

import os
import socket
import uuid
import pytest

from graph.model import DocumentGraph, Evidence, Mention, Node, Relationship
from paths import ESSAYS
from stores import NEO4J, launcher, open_kind, store_kinds


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory):
    """A Neo4j Bolt URI for this session: NEO4J_URI, or a server started here and stopped at the end."""
    if NEO4J == "none":
        pytest.skip("Neo4j is not available (no NEO4J_URI, no Java/Maven)")
    if NEO4J == "external":
        yield os.environ["NEO4J_URI"]
        return
    launcher_ = launcher()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    home = tmp_path_factory.mktemp("neo4j")
    launcher_.start(port, home)
    try:
        yield f"bolt://127.0.0.1:{port}"
    finally:
        launcher_.stop(port, home)


@pytest.fixture(params=store_kinds())
def store(request, tmp_path):
    """An empty store of each available kind."""
    s = open_kind(request.param, tmp_path, request)
    yield s
    if request.param == "neo4j":
        s.clear()
    s.close()


@pytest.fixture(scope="session")
def essays_store_path(tmp_path_factory) -> str:
    """A FalkorDB file holding the five bundled essays (built once per test session)."""
    from graph.factory import open_store
    from ingest.runner import ingest_paths

    path = str(tmp_path_factory.mktemp("essays") / "essays.db")
    s = open_store(path)
    report = ingest_paths([ESSAYS], s)
    assert not report.failed, report.failed
    s.close()
    return path


@pytest.fixture(scope="session")
def essays_store(essays_store_path):
    from graph.factory import open_store

    s = open_store(essays_store_path)
    yield s
    s.close()


@pytest.fixture
def make_doc():
    """make_doc(doc_id, sha=, sentence=, year=, city=): a small DocumentGraph (a city targeting
    人工智能, in 四川), written straight to a store without extraction."""
    return _make_doc


def _make_doc(doc_id: str, sha: str = "sha-a", sentence: str = "成都重点发展人工智能。", year: int | None = 2024,
             city: str = "成都") -> DocumentGraph:
    return DocumentGraph(
        doc_id=doc_id, title=doc_id, path=f"/tmp/{doc_id}", sha256=sha, chars=len(sentence),
        nodes=[Node("City", city, {"aliases": [city + "市"], "english": "X"}),
               Node("Industry", "人工智能", {"aliases": ["AI"]}),
               Node("Province", "四川", {"aliases": []})],
        relationships=[
            Relationship("TARGETS", ("City", city), ("Industry", "人工智能"), [Evidence(sentence, year, 0.9)]),
            Relationship("LOCATED_IN", ("City", city), ("Province", "四川"), [Evidence(sentence, None, 1.0)]),
        ],
        mentions=[Mention(("City", city), 1, sentence), Mention(("Industry", "人工智能"), 1, sentence)],
    )


@pytest.fixture
def unique() -> str:
    return uuid.uuid4().hex[:8]
