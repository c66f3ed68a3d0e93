"""A store written before per-document edges opens converted, with nothing lost."""
from __future__ import annotations

import json
from pathlib import Path

from graph import migrate
from graph.model import DocumentGraph, Evidence, Mention, Node, Relationship
from graph.store import open_store

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


def old_store(path: Path):
    store = open_store(str(path), ensure_schema=False)
    store.ensure_schema()
    for s in json.loads(OLD_WRITES.read_text(encoding="utf-8"))["statements"]:
        store._write(s["query"], s["params"])
    return store


def _semantic(export: dict) -> dict:
    """The export without MENTIONS properties the old layout kept (`sources`) or lacked."""
    for r in export["relationships"]:
        if r["type"] == "MENTIONS":
            r["properties"] = {k: v for k, v in r["properties"].items() if k in ("count", "evidence")}
    return export


def test_old_layout_is_detected_and_converted_to_what_new_writes_give(tmp_path):
    old = old_store(tmp_path / "old.db")
    assert migrate.needs_migration(old)
    assert old.read("MATCH ()-[s:STATES]->() RETURN count(s)").rows == [[0]]
    old.close()
    converted = open_store(str(tmp_path / "old.db"))  # opening migrates
    assert not migrate.needs_migration(converted)
    fresh = open_store(str(tmp_path / "new.db"))
    for d in DOCS:
        fresh.write_document(d)
    assert _semantic(converted.export()) == _semantic(fresh.export())
    # and it behaves like a new store: removing a document is exact
    assert converted.remove_document("b.txt") and fresh.remove_document("b.txt")
    assert _semantic(converted.export()) == _semantic(fresh.export())
    converted.close()
    fresh.close()


def test_an_interrupted_migration_resumes(tmp_path, monkeypatch):
    store = old_store(tmp_path / "old.db")
    monkeypatch.setattr(migrate, "BATCH", 1)
    calls = {"n": 0}
    real = store._write

    def failing(query, params):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("power cut")
        return real(query, params)

    monkeypatch.setattr(store, "_write", failing)
    try:
        migrate.migrate(store)
    except RuntimeError:
        pass
    monkeypatch.setattr(store, "_write", real)
    assert migrate.needs_migration(store)
    migrate.migrate(store)
    assert not migrate.needs_migration(store)
    targets = store.read("MATCH (:City {name: '成都'})-[r:TARGETS]->() RETURN r.source_count, r.count, r.years").rows
    assert targets == [[2, 4, [2023, 2024]]]
    assert store.read("MATCH (:Document)-[s:STATES]->() RETURN count(s)").rows == [[6]]
    store.close()
