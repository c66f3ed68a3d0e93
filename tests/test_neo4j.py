"""Neo4j-only checks, run when NEO4J_URI points at a server (e.g. `docker compose up neo4j`).

The store contract itself (tests/test_store_contract.py) already runs against
Neo4j whenever NEO4J_URI is set; this adds the essays end to end.
"""
from __future__ import annotations

import os

import pytest

from paths import ESSAYS

pytestmark = pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason="NEO4J_URI is not set")


def test_essays_and_every_canned_query_on_neo4j(essays_store):
    from graph.store import open_store
    from ingest.runner import ingest_paths
    from kg import catalogue

    s = open_store(os.environ["NEO4J_URI"])
    s.clear()
    report = ingest_paths([ESSAYS], s)
    assert not report.failed
    # The same graph as the embedded store: stores are interchangeable.
    assert s.export() == essays_store.export()
    for q in catalogue.load().values():
        assert s.read(q.cypher, q.bind({}), row_limit=500).rows, q.name
    s.clear()
    s.close()
