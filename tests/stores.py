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
    """'external' (NEO4J_URI), 'launch' (our own server) or 'none'."""
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
    from graph.store import open_store

    if kind == "falkordb":
        return open_store(str(tmp_path / "contract.db"))
    s = open_store(request.getfixturevalue("neo4j_uri"))
    s.clear()
    return s


