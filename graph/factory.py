"""Opening a store from one string: a bolt:// / neo4j:// URI is Neo4j, anything else an
embedded FalkorDB file. The stores import the contract (graph/store.py); this module imports
the stores, so nothing imports in a circle.
"""
from __future__ import annotations

import logging
import os

from .paths import default_store_path, demo_store_path  # noqa: F401 (where stores live, for callers)
from .store import Store, StoreError

log = logging.getLogger(__name__)

NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


def resolve_store_spec(spec: str | None) -> str:
    """--store beats KG_STORE beats the per-user default file."""
    _load_dotenv()
    if spec is not None and not spec.strip():
        raise StoreError("--store is empty: give a file path or a bolt:// / neo4j:// URI")
    return spec or os.environ.get("KG_STORE") or str(default_store_path())


def open_store(spec: str | None = None, *, ensure_schema: bool = True) -> Store:
    """Open a store: a bolt:// / neo4j:// URI means Neo4j, anything else a FalkorDB file."""
    spec = resolve_store_spec(spec)
    if spec.startswith(NEO4J_SCHEMES):
        from .neo4j_store import Neo4jStore

        store: Store = Neo4jStore(
            spec,
            user=os.environ.get("NEO4J_USER", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD", ""),
            database=os.environ.get("NEO4J_DATABASE") or None,
        )
    elif "://" in spec:
        raise StoreError(f"unknown store URI {spec!r}: use a file path, or bolt:// / neo4j:// / neo4j+s://")
    else:
        from .falkor import FalkorStore

        store = FalkorStore(spec)
    if ensure_schema:
        store.ensure_schema()
        from . import migrate

        if migrate.needs_migration(store):
            log.warning("converting the store at %s to per-document evidence edges (once)", store.location)
            migrate.migrate(store, report=lambda m: log.warning("%s", m))
    return store


def _load_dotenv() -> None:
    try:
        from dotenv import load_dotenv
    except ImportError:  # pragma: no cover - it is a declared dependency
        return
    load_dotenv(override=False)
