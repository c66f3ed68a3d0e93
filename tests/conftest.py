"""Shared fixtures: stores to run the contract against, and a graph of the five bundled essays."""
from __future__ import annotations

import os
import uuid
import pytest

from paths import ESSAYS


def store_kinds() -> list[str]:
    # Neo4j joins the contract suite whenever a server is configured.
    return ["falkordb"] + (["neo4j"] if os.environ.get("NEO4J_URI") else [])


@pytest.fixture(params=store_kinds())
def store(request, tmp_path):
    """An empty store of each available kind."""
    from graph.store import open_store

    if request.param == "falkordb":
        s = open_store(str(tmp_path / "contract.db"))
    else:
        s = open_store(os.environ["NEO4J_URI"])
        s.clear()
    yield s
    if request.param == "neo4j":
        s.clear()
    s.close()


@pytest.fixture(scope="session")
def essays_store_path(tmp_path_factory) -> str:
    """A FalkorDB file holding the five bundled essays (built once per test session)."""
    from graph.store import open_store
    from ingest.runner import ingest_paths

    path = str(tmp_path_factory.mktemp("essays") / "essays.db")
    s = open_store(path)
    report = ingest_paths([ESSAYS], s)
    assert not report.failed, report.failed
    s.close()
    return path


@pytest.fixture(scope="session")
def essays_store(essays_store_path):
    from graph.store import open_store

    s = open_store(essays_store_path)
    yield s
    s.close()


@pytest.fixture
def unique() -> str:
    return uuid.uuid4().hex[:8]
