"""Analysts' corrections (graph/corrections.py) on every store: kept as data of their own, in force
whatever is ingested next, undone back to exactly the extracted graph, moved between stores as JSON."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cli.main import app
from graph.corrections import Correction, CorrectionError, apply, checked, from_json, to_json
from graph.model import pack, unpack
from stores import open_kind, store_kinds

TARGETS_AI = {"type": "TARGETS", "head": ["City", "成都"], "tail": ["Industry", "人工智能"]}
AI_ID = "City:成都-TARGETS->Industry:人工智能"


def rel_ids(store) -> set[str]:
    return {r["id"] for r in store.export()["relationships"]}


def node(store, nid: str) -> dict | None:
    return next((n for n in store.export()["nodes"] if n["id"] == nid), None)


def relationship(store, rid: str) -> dict | None:
    return next((r for r in store.export()["relationships"] if r["id"] == rid), None)


def test_a_rejected_relationship_stays_hidden_through_reingest_and_new_documents(store, make_doc):
    store.write_document(make_doc("a.txt"))
    extracted = store.export()
    summary = store.correct(Correction("reject", {"rel": TARGETS_AI}, "小王", reason="a decline, not a plan"))
    assert summary.documents == ["a.txt"]
    assert AI_ID not in rel_ids(store)
    assert "City:成都-LOCATED_IN->Province:四川" in rel_ids(store)  # the rest of the document stays
    store.write_document(make_doc("a.txt", sha="sha-a2", sentence="成都发展人工智能。"))  # the document changed
    store.write_document(make_doc("b.txt", sha="sha-b"))  # another document states it
    assert AI_ID not in rel_ids(store)
    store.remove_document("b.txt")
    store.write_document(make_doc("a.txt"))  # back to what it was
    [c] = store.corrections()
    assert (c.kind, c.author, c.reason, c.seq) == ("reject", "小王", "a decline, not a plan", 1)
    store.undo(c.id, "小李")
    assert store.export() == extracted
    [c] = store.corrections()
    assert c.undone_by == "小李" and c.undone_at and not c.active


def test_accept_shows_curated_and_undo_gives_back_the_exact_export(store, make_doc):
    store.write_documents([make_doc("a.txt"), make_doc("b.txt", sha="b", city="绵阳")])
    extracted = store.export()
    store.correct(Correction("accept", {"rel": TARGETS_AI}, "小王"))
    assert relationship(store, AI_ID)["properties"]["curated"] == "accepted"
    assert "curated" not in relationship(store, "City:绵阳-TARGETS->Industry:人工智能")["properties"]
    to = {**TARGETS_AI, "tail": ["Industry", "智能制造"]}
    change = store.correct(Correction("change", {"rel": TARGETS_AI, "to": to}, "小王"))
    assert AI_ID not in rel_ids(store)
    moved = relationship(store, "City:成都-TARGETS->Industry:智能制造")
    assert moved["properties"]["curated"] == "changed" and moved["properties"]["evidence"] == ["成都重点发展人工智能。"]
    store.undo(change.corrections[0].id, "小王")
    assert relationship(store, AI_ID)["properties"]["curated"] == "accepted"
    store.undo(store.corrections()[0].id, "小王")
    assert store.export() == extracted


def test_merge_keeps_merging_new_mentions_and_names_become_aliases(store, make_doc):
    store.write_documents([make_doc("a.txt"), make_doc("b.txt", sha="b", city="蓉城")])
    extracted = store.export()
    store.correct(Correction("merge", {"node": ["City", "蓉城"], "into": ["City", "成都"]}, "小王"))
    assert node(store, "City:蓉城") is None
    merged = node(store, "City:成都")
    assert {"蓉城", "成都市"} <= set(merged["properties"]["aliases"])
    assert merged["properties"]["source_count"] == 2
    assert relationship(store, AI_ID)["properties"]["sources"] == ["a.txt", "b.txt"]
    store.write_document(make_doc("b.txt", sha="b2", city="蓉城", sentence="蓉城布局人工智能。"))  # re-ingested
    store.write_document(make_doc("c.txt", sha="c", city="蓉城"))  # a new document with the old name
    assert node(store, "City:蓉城") is None
    assert relationship(store, AI_ID)["properties"]["sources"] == ["a.txt", "b.txt", "c.txt"]
    store.remove_document("c.txt")
    store.write_document(make_doc("b.txt", sha="b", city="蓉城"))
    store.undo(store.corrections()[0].id, "小王")
    assert store.export() == extracted


def test_rename_relabel_and_not_an_entity_chain_and_undo_in_any_order(store, make_doc):
    store.write_documents([make_doc("a.txt"), make_doc("b.txt", sha="b", city="绵阳")])
    extracted = store.export()
    made = [store.correct(Correction(kind, target, "小王")).corrections[0] for kind, target in [
        ("rename", {"node": ["City", "成都"], "name": "成都市"}),
        ("relabel", {"node": ["City", "成都市"], "label": "Zone"}),
        ("not_entity", {"node": ["City", "绵阳"]}),
    ]]
    ids = {n["id"] for n in store.export()["nodes"]}
    assert "Zone:成都市" in ids and "City:成都" not in ids and "City:成都市" not in ids and "City:绵阳" not in ids
    assert "成都" in node(store, "Zone:成都市")["properties"]["aliases"]
    assert not [r for r in rel_ids(store) if "绵阳" in r]
    store.undo(made[0].id, "小王")  # the first one: the relabel no longer finds 成都市
    ids = {n["id"] for n in store.export()["nodes"]}
    assert "City:成都" in ids and "Zone:成都市" not in ids
    for c in made[1:]:
        store.undo(c.id, "小王")
    assert store.export() == extracted


def test_an_added_relationship_is_curated_with_its_note_and_undo_takes_it_out(store, make_doc):
    store.write_document(make_doc("a.txt"))
    extracted = store.export()
    to = {"type": "TARGETS", "head": ["City", "成都"], "tail": ["Industry", "量子计算"]}
    summary = store.correct(Correction("add", {"to": to}, "小王", note="《成都市量子产业规划》第3条"))
    added = relationship(store, "City:成都-TARGETS->Industry:量子计算")
    assert added["properties"]["curated"] == "added"
    assert added["properties"]["evidence"] == ["《成都市量子产业规划》第3条"]
    assert added["properties"]["sources"] == ["corrections/" + summary.corrections[0].id]
    store.undo(summary.corrections[0].id, "小王")
    assert store.export() == extracted


def test_corrections_are_not_part_of_the_graph_export_and_demo_clear_keeps_them(store, make_doc):
    store.write_document(make_doc("a.txt"))
    store.correct(Correction("reject", {"rel": TARGETS_AI}, "小王"))
    exported = store.export()
    assert not [n for n in exported["nodes"] if "Correction" in n["labels"]]
    assert all("extraction" not in n["properties"] for n in exported["nodes"])
    store.clear(keep_corrections=True)
    store.write_document(make_doc("a.txt"))
    assert AI_ID not in rel_ids(store) and len(store.corrections()) == 1
    store.clear()
    assert store.corrections() == []


def test_a_bad_correction_is_refused_and_changes_nothing(store, make_doc):
    store.write_document(make_doc("a.txt"))
    before = store.export()
    bad = [
        Correction("reject", {"rel": TARGETS_AI}, ""),  # no author
        Correction("shrug", {"rel": TARGETS_AI}, "x"),
        Correction("add", {"to": {"type": "TARGETS", "head": ["Industry", "人工智能"], "tail": ["City", "成都"]}}, "x"),
        Correction("rename", {"node": ["City", "成都"], "name": "成都"}, "x"),
        Correction("merge", {"node": ["City", "成都"], "into": ["Town", "成都"]}, "x"),
        Correction("reject", {"rel": TARGETS_AI}, "x", reason="bad\x01byte"),
    ]
    for c in bad:
        with pytest.raises(CorrectionError):
            store.correct(c)
    with pytest.raises(CorrectionError, match="no correction"):
        store.undo("nope", "x")
    assert store.export() == before and store.corrections() == []


@pytest.mark.parametrize("source,target", [(a, b) for a in store_kinds() for b in store_kinds()])
def test_corrections_round_trip_between_stores_as_json(source, target, tmp_path, request, make_doc):
    docs = [make_doc("a.txt"), make_doc("b.txt", sha="b", city="蓉城")]
    one = open_kind(source, tmp_path / "one", request) if source == "falkordb" else open_kind(source, tmp_path, request)
    one.write_documents(docs)
    one.correct(Correction("merge", {"node": ["City", "蓉城"], "into": ["City", "成都"]}, "小王", reason="同一城市"))
    one.correct(Correction("accept", {"rel": TARGETS_AI}, "小王"))
    undone = one.correct(Correction("reject", {"rel": TARGETS_AI}, "小李")).corrections[0]
    one.undo(undone.id, "小王")
    text = to_json(one.corrections())
    expected = one.export()
    one.clear()
    one.close()
    two = open_kind(target, tmp_path / "two", request) if target == "falkordb" else open_kind(target, tmp_path, request)
    try:
        two.write_documents(docs)
        two.import_corrections(from_json(text))
        assert two.export() == expected
        assert to_json(two.corrections()) == text
        assert two.import_corrections(from_json(text)).skipped == 3  # importing twice changes nothing
        assert two.export() == expected
    finally:
        two.clear()
        two.close()


def test_apply_leaves_documents_it_does_not_name_alone_and_pack_round_trips(make_doc):
    doc = make_doc("a.txt")
    again = unpack(pack(doc), "a.txt", doc.title, doc.path, doc.sha256, doc.chars)
    assert (again.nodes, again.relationships, again.mentions) == (doc.nodes, doc.relationships, doc.mentions)
    elsewhere = checked(Correction("reject", {"rel": {**TARGETS_AI, "head": ["City", "绵阳"]}}, "x", seq=1))
    assert apply(doc, [elsewhere]) is doc
    rejected = apply(doc, [checked(Correction("reject", {"rel": TARGETS_AI}, "x", seq=1))])
    assert [r.type for r in rejected.relationships] == ["LOCATED_IN"]


@pytest.mark.parametrize("kind", store_kinds())
def test_the_cli_corrects_lists_exports_imports_and_undoes(kind, tmp_path, request, make_doc):
    s = open_kind(kind, tmp_path, request)
    s.write_documents([make_doc("a.txt"), make_doc("b.txt", sha="b", city="蓉城")])
    extracted = s.export()
    spec = s.location if kind == "falkordb" else request.getfixturevalue("neo4j_uri")
    run = CliRunner().invoke
    try:
        r = run(app, ["correct", "reject", "TARGETS", "City:成都", "Industry:人工智能", "--by", "小王",
                      "--reason", "说的是下降", "-s", spec])
        assert r.exit_code == 0, r.output
        assert AI_ID not in rel_ids(s)
        r = run(app, ["correct", "merge", "City:蓉城", "City:成都", "--by", "小王", "-s", spec])
        assert r.exit_code == 0, r.output
        r = run(app, ["correct", "reject", "TARGETS", "City:成都", "Industry:量子", "--by", "小王", "-s", spec])
        assert r.exit_code == 1 and "not in the graph" in r.output
        r = run(app, ["correct", "rename", "成都", "x", "--by", "小王", "-s", spec])
        assert r.exit_code == 1 and "LABEL:NAME" in r.output
        r = run(app, ["corrections", "list", "-s", spec])
        assert r.exit_code == 0 and "说的是下降" in r.output
        out = tmp_path / "corrections.json"
        assert run(app, ["corrections", "export", "-o", str(out), "-s", spec]).exit_code == 0
        saved = json.loads(out.read_text(encoding="utf-8"))
        assert [c["kind"] for c in saved["corrections"]] == ["reject", "merge"]
        assert saved["corrections"][0]["evidence"] == ["成都重点发展人工智能。"]  # what it was made on
        for c in saved["corrections"][::-1]:
            assert run(app, ["corrections", "undo", c["id"], "--by", "小李", "-s", spec]).exit_code == 0
        assert s.export() == extracted
        r = run(app, ["corrections", "import", str(out), "-s", spec])
        assert r.exit_code == 0 and "0 correction(s)" in r.output  # held already (undone)
        (tmp_path / "bad.json").write_text('{"format": "something else"}', encoding="utf-8")
        r = run(app, ["corrections", "import", str(tmp_path / "bad.json"), "-s", spec])
        assert r.exit_code == 1 and "bad.json" in r.output and "not a corrections file" in r.output
    finally:
        if kind == "neo4j":
            s.clear()
        s.close()


def test_kg_remove_sends_an_added_relationship_to_undo(tmp_path, make_doc):
    from graph.factory import open_store

    path = str(tmp_path / "s.db")
    with open_store(path) as s:
        s.write_document(make_doc("a.txt"))
        to = {"type": "TARGETS", "head": ["City", "成都"], "tail": ["Industry", "量子计算"]}
        cid = s.correct(Correction("add", {"to": to}, "小王", note="规划")).corrections[0].id
    r = CliRunner().invoke(app, ["remove", f"corrections/{cid}", "-s", path])
    assert r.exit_code == 1 and f"kg corrections undo {cid}" in r.output
    with open_store(path) as s:
        assert "City:成都-TARGETS->Industry:量子计算" in rel_ids(s)


def test_undoing_a_correction_inside_a_chain_rewrites_what_it_changed_and_rebuilds_shared_nodes(store, make_doc):
    store.write_documents([make_doc("a.txt"), make_doc("b.txt", sha="b", city="蓉城")])
    first = store.correct(Correction("rename", {"node": ["City", "蓉城"], "name": "蓉城区"}, "x")).corrections[0]
    second = store.correct(Correction("rename", {"node": ["City", "蓉城区"], "name": "成都"}, "x")).corrections[0]
    assert node(store, "City:成都")["properties"]["source_count"] == 2
    store.undo(first.id, "x")  # b.txt is 蓉城 again: the second rename no longer reaches it
    assert node(store, "City:蓉城") is not None
    chengdu = node(store, "City:成都")["properties"]
    assert (chengdu["aliases"], chengdu["english"], chengdu["source_count"]) == (["成都市"], "X", 1)
    dropped = store.correct(Correction("not_entity", {"node": ["City", "蓉城"]}, "x")).corrections[0]
    assert node(store, "City:蓉城") is None
    store.undo(second.id, "x")
    store.undo(dropped.id, "x")
    assert node(store, "City:蓉城") is not None and node(store, "City:成都")["properties"]["source_count"] == 1


def test_added_relationships_come_back_after_a_clear_that_keeps_corrections(store, make_doc):
    store.write_document(make_doc("a.txt"))
    to = {"type": "TARGETS", "head": ["City", "成都"], "tail": ["Industry", "量子计算"]}
    store.correct(Correction("add", {"to": to}, "小王", note="规划"))
    store.clear(keep_corrections=True)
    store.write_document(make_doc("a.txt"))
    assert relationship(store, "City:成都-TARGETS->Industry:量子计算")["properties"]["curated"] == "added"


@pytest.mark.parametrize("item,complaint", [
    ({"id": "x "}, "id"), ({"id": 5}, "id"), ({"evidence": "成都重点"}, "evidence"),
    ({"undone_at": True}, "undone_at"), ({"target": {"rel": {**TARGETS_AI, "type": ["TARGETS"]}}}, "relationship type"),
    ({"target": {"rel": {**TARGETS_AI, "head": ["City", "成\x01都"]}}}, "control"),
])
def test_a_malformed_corrections_file_is_refused_with_its_reason(item, complaint):
    good = {"kind": "reject", "target": {"rel": TARGETS_AI}, "author": "x", "id": "abc"}
    text = json.dumps({"format": "kg-industries corrections", "version": 1, "corrections": [{**good, **item}]})
    with pytest.raises(CorrectionError, match=complaint):
        from_json(text, "c.json")
    with pytest.raises(CorrectionError, match="version"):
        from_json(json.dumps({"format": "kg-industries corrections", "corrections": [good]}), "c.json")


def test_a_users_folder_called_corrections_is_theirs(tmp_path, make_doc):
    from dataclasses import replace as with_

    from graph.factory import open_store

    path = str(tmp_path / "s.db")
    with open_store(path) as s:
        s.write_document(with_(make_doc("x"), doc_id="corrections/q3.txt", path="/home/me/corrections/q3.txt"))
    r = CliRunner().invoke(app, ["demo", "--no-serve", "-s", path])
    assert r.exit_code == 1 and "corrections/q3.txt" in r.output  # kg demo will not clear it
    r = CliRunner().invoke(app, ["remove", "corrections/q3.txt", "-s", path])
    assert r.exit_code == 0, r.output
