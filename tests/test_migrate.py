"""A store written before per-document edges opens converted, with nothing lost."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph import migrate
from graph.model import DocumentGraph, Evidence, Mention, Node, Relationship
from graph.factory import open_store

OLD_WRITES = Path(__file__).parent / "fixtures" / "old_layout_writes.json"


def make_doc(doc_id: str, sha: str, sentence: str, year: int | None, city: str) -> DocumentGraph:
    # the same documents the fixture's statements were made from
    return DocumentGraph(
        doc_id=doc_id, title=doc_id, path=f"/tmp/{doc_id}", sha256=sha, chars=len(sentence),
        nodes=[Node("City", city, {"aliases": [city + "市"], "english": "X"}),
               Node("Industry", "人工智能", {"aliases": ["AI"]}), Node("Province", "四川", {"aliases": []})],
        relationships=[
            Relationship("TARGETS", ("City", city), ("Industry", "人工智能"),
                         [Evidence(sentence, year, 0.9), Evidence(sentence + "又", None, 0.6, True)]),
            Relationship("LOCATED_IN", ("City", city), ("Province", "四川"), [Evidence(sentence, None, 1.0)])],
        mentions=[Mention(("City", city), 2, sentence), Mention(("Industry", "人工智能"), 1, sentence)])


DOCS = [make_doc("a.txt", "sa", "成都重点发展人工智能。", 2024, "成都"),
        make_doc("b.txt", "sb", "成都布局人工智能产业。", 2023, "成都"),
        make_doc("c.txt", "sc", "绵阳发展人工智能。", None, "绵阳")]


def replay_old_writes(store) -> None:
    for s in json.loads(OLD_WRITES.read_text(encoding="utf-8"))["statements"]:
        store._write(s["query"], s["params"])


def _semantic(export: dict) -> dict:
    """The export without MENTIONS properties the old layout kept (`sources`) or lacked."""
    for r in export["relationships"]:
        if r["type"] == "MENTIONS":
            r["properties"] = {k: v for k, v in r["properties"].items() if k in ("count", "evidence")}
    return export


def test_old_layout_is_detected_and_converted_to_what_new_writes_give(store, tmp_path):
    replay_old_writes(store)
    assert migrate.needs_migration(store)
    assert store.read("MATCH ()-[s:STATES]->() RETURN count(s)").rows == [[0]]
    migrate.migrate(store)
    assert not migrate.needs_migration(store)
    fresh = open_store(str(tmp_path / "new.db"))
    for d in DOCS:
        fresh.write_document(d)
    assert _semantic(store.export()) == _semantic(fresh.export())
    # and it behaves like a new store: removing a document is exact
    assert store.remove_document("b.txt") and fresh.remove_document("b.txt")
    assert _semantic(store.export()) == _semantic(fresh.export())
    fresh.close()


def test_opening_an_old_embedded_store_converts_it(tmp_path):
    old = open_store(str(tmp_path / "old.db"))
    replay_old_writes(old)
    old.close()
    opened = open_store(str(tmp_path / "old.db"))
    assert not migrate.needs_migration(opened)
    assert opened.read("MATCH (d:Document)-[s:STATES]->() RETURN count(s)").rows == [[6]]
    opened.close()


def test_an_interrupted_migration_resumes(store, monkeypatch):
    replay_old_writes(store)
    monkeypatch.setattr(migrate, "BATCH", 1)
    calls = {"n": 0}
    real = store._write

    def failing(query, params):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("power cut")
        return real(query, params)

    monkeypatch.setattr(store, "_write", failing)
    with pytest.raises(RuntimeError):
        migrate.migrate(store)
    monkeypatch.setattr(store, "_write", real)
    assert migrate.needs_migration(store)
    migrate.migrate(store)
    assert not migrate.needs_migration(store)
    targets = store.read("MATCH (:City {name: '成都'})-[r:TARGETS]->() RETURN r.source_count, r.count, r.years").rows
    assert targets == [[2, 4, [2023, 2024]]]
    assert store.read("MATCH (:Document)-[s:STATES]->() RETURN count(s)").rows == [[6]]
