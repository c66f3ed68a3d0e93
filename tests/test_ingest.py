"""Ingest end to end: the five essays, bad input, re-ingest, text clean-up, formats."""
from __future__ import annotations


from paths import ESSAYS
from graph.factory import open_store
from ingest.extract import extract_text
from ingest.normalize import normalize
from ingest.runner import ingest_paths

CITIES = {"成都", "上海", "北京", "深圳", "宁波", "杭州", "武汉", "青岛"}


def test_essays_yield_the_expected_cities(essays_store):
    cities = {r[0] for r in essays_store.read("MATCH (c:City) RETURN c.name", row_limit=None).rows}
    assert CITIES <= cities, CITIES - cities


def test_all_four_relationship_types_with_evidence(essays_store):
    rows = essays_store.read(
        "MATCH (a)-[r]->(b) WHERE type(r) IN ['TARGETS', 'SUPPORTS', 'LOCATED_IN', 'ISSUED_BY'] "
        "RETURN type(r) AS type, r.evidence AS evidence, r.source_count AS sources, r.evidence_doc AS docs, "
        "[(d:Document)-[s:STATES]->(a) WHERE s.type = type(r) AND s.tail = b.name | d.name] AS stated_by",
        row_limit=None).records()
    assert {r["type"] for r in rows} == {"TARGETS", "SUPPORTS", "LOCATED_IN", "ISSUED_BY"}
    essays = {f"essays/{p.name}" for p in ESSAYS.glob("*.txt")}  # keyed by folder/file
    for r in rows:
        assert r["evidence"] and all(s.strip() for s in r["evidence"]), r
        assert set(r["stated_by"]) <= essays and set(r["docs"]) <= set(r["stated_by"]), r
        assert r["sources"] == len(r["stated_by"]), r


def test_every_evidence_sentence_is_in_its_source(essays_store):
    """Traceability: each kept sentence occurs in the (normalised) document it cites."""
    texts = {f"essays/{p.name}": normalize(p.read_text(encoding="utf-8")) for p in ESSAYS.glob("*.txt")}
    rows = essays_store.read("MATCH (d)-[r]->() RETURN type(r), r.evidence, "
                             "CASE type(r) WHEN 'STATES' THEN [x IN r.evidence | d.name] ELSE r.evidence_doc END",
                             row_limit=None).rows
    assert {row[0] for row in rows} >= {"STATES", "MENTIONS", "TARGETS"}
    for rtype, evidence, docs in rows:
        for sentence, doc in zip(evidence, docs):
            if sentence.startswith("industry taxonomy"):  # roll-up (PART_OF and what it implies)
                assert sentence.startswith("industry taxonomy (ingest/data/industries.tsv)"), sentence
            else:
                assert sentence in texts[doc], (doc, sentence)


def test_industries_roll_up_through_part_of(essays_store):
    rows = essays_store.read("MATCH (a:Industry)-[:PART_OF]->(b:Industry) RETURN a.name, b.name",
                             row_limit=None).rows
    pairs = {tuple(r) for r in rows}
    assert ("量子通信", "量子信息") in pairs or ("集成电路", "新一代信息技术") in pairs, sorted(pairs)[:20]
    # No cycles: nothing is its own ancestor.
    assert not essays_store.read("MATCH (a:Industry)-[:PART_OF*1..8]->(a) RETURN a LIMIT 1").rows


def test_merges_are_recorded_for_audit(essays_store):
    rows = essays_store.read("MATCH (c:City {name: '成都'}) RETURN c.seen_as, c.aliases").rows
    seen_as, aliases = rows[0]
    assert "成都市" in seen_as  # written 成都市 in the text, merged into 成都
    assert "成都市" in aliases


def test_reingest_leaves_the_export_identical(essays_store_path):
    s = open_store(essays_store_path)
    before = s.export()
    report = ingest_paths([ESSAYS], s)
    assert len(report.skipped) == 5 and not report.written and not report.failed
    assert s.export() == before
    s.close()


def test_bad_files_are_reported_and_good_ones_land(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("合肥市重点发展量子科技和新能源汽车产业。", encoding="utf-8")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("苏州工业园区聚焦生物医药产业。".encode("gbk"))
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\x00\x00\x00\x01binary")
    empty = tmp_path / "empty.md"
    empty.write_text("   ", encoding="utf-8")
    s = open_store(str(tmp_path / "kg.db"))
    report = ingest_paths([good, gbk, binary, empty, tmp_path / "missing.txt"], s)
    failed = dict(report.failed)
    assert set(failed) == {str(binary), str(empty), str(tmp_path / "missing.txt")}
    assert "binary" in failed[str(binary)] and "empty" in failed[str(empty)]
    names = {r[0] for r in s.read("MATCH (n) RETURN n.name", row_limit=None).rows}
    assert {"合肥", "量子科技", "苏州工业园区", "生物医药"} <= names
    s.close()


def test_failed_file_does_not_lose_earlier_work(tmp_path):
    s = open_store(str(tmp_path / "kg.db"))
    first = tmp_path / "a.txt"
    first.write_text("武汉大力发展光电子信息产业。", encoding="utf-8")
    ingest_paths([first], s)
    before = s.export()
    bad = tmp_path / "b.pdf"
    bad.write_bytes(b"not a pdf at all")
    report = ingest_paths([bad], s)
    assert report.failed and str(bad) in report.failed[0][1]
    assert s.export() == before
    s.close()


def test_hard_wrapped_lines_are_joined_and_page_numbers_dropped():
    raw = "城市是推动高质量发展的重要载\n体。成都如何培育新兴\n\n与未来产业？\n\n5\n下一段。"
    text = normalize(raw)
    assert "重要载体。" in text and "培育新兴与未来产业" in text
    assert "\n5\n" not in text


def test_broken_two_column_essay_recovers_city_mentions():
    raw = (ESSAYS / "001_90ba025a8cd9d8cb.txt").read_text(encoding="utf-8")
    assert normalize(raw).count("成都") > raw.replace("成\n都", "").count("成都")


def test_traditional_text_maps_to_simplified_nodes_and_keeps_original_evidence():
    doc = extract_text("深圳市大力發展人工智能和生物醫藥產業。", doc_id="t.txt")
    names = {n.name for n in doc.nodes}
    assert {"深圳", "人工智能", "生物医药"} <= names
    rel = next(r for r in doc.relationships if r.type == "TARGETS" and r.tail[1] == "生物医药")
    assert rel.evidence[0].sentence == "深圳市大力發展人工智能和生物醫藥產業。"


def test_html_docx_and_markdown_inputs(tmp_path):
    import docx

    html = tmp_path / "news.html"
    html.write_text("<html><head><title>新闻</title></head><body><nav>首页 导航 北京</nav>"
                    "<article><p>杭州加快布局人工智能产业。</p></article><footer>版权 上海</footer></body></html>",
                    encoding="utf-8")
    d = docx.Document()
    d.add_paragraph("西安重点发展航空航天产业。")
    d.save(tmp_path / "plan.docx")
    md = tmp_path / "note.md"
    md.write_text("# 标题\n\n**南京**重点发展集成电路产业。", encoding="utf-8")
    s = open_store(str(tmp_path / "kg.db"))
    report = ingest_paths([tmp_path], s)
    assert not report.failed, report.failed
    targets = {tuple(r) for r in s.read("MATCH (c:City)-[:TARGETS]->(i) RETURN c.name, i.name", row_limit=None).rows}
    assert {("杭州", "人工智能"), ("西安", "航空航天"), ("南京", "集成电路")} <= targets
    cities = {r[0] for r in s.read("MATCH (c:City) RETURN c.name", row_limit=None).rows}
    assert "上海" not in cities and "北京" not in cities  # navigation and footer are not text
    s.close()


def test_a_byline_line_naming_the_source_is_kept_and_other_furniture_goes():
    text = normalize("标题\n来源：长江财经 作者：李明\n责任编辑：王芳\n正文。")
    assert "来源:长江财经" in text.replace(" ", "") and "责任编辑" not in text


def test_table_rows_do_not_make_a_web_page_look_hard_wrapped():
    # Rows of a ranking share one length; that is no line width, and the byline line of the same
    # length is not the start of the sentence after it.
    rows = [f"| {n} | 某某高新技术产业开发区{n} | 北京 |" for n in range(1, 8)]
    byline = "作者:张三 来源:新华网 时间:2022年1月4日"
    assert len(byline) == len(rows[0])
    prose = ["榜单发布。", "上海重点发展集成电路产业,打造世界级产业集群。", "北京聚焦人工智能。",
             "深圳布局低空经济产业,建设示范区。", "杭州培育人形机器人产业,形成产业链。"]
    text = normalize("\n".join(["生物医药园区排行榜", byline, *prose, *rows]))
    assert byline + "\n" in text
    assert all(row in text.split("\n") for row in rows)


def test_a_field_line_is_never_glued_to_the_lines_around_it():
    # A short text is too short to tell its wrap width, so lines without an ending are joined;
    # a byline's field is a line of its own whatever the text's length.
    assert normalize("标题\n来源：沈阳发布\n沈阳市重点发展机器人产业。") == "标题\n来源:沈阳发布\n沈阳市重点发展机器人产业。"
    assert normalize("合肥市重点发展\n量子科技产业。") == "合肥市重点发展量子科技产业。"  # a broken sentence still joins
    doc = extract_text("来源：沈阳发布\n沈阳市重点发展机器人产业。", doc_id="t.txt")
    assert {n.name for n in doc.nodes if n.label == "Institution"} == {"沈阳发布"}


def test_an_empty_byline_field_names_no_medium():
    doc = extract_text("来源: 时间:2022年01月04日\n赛迪顾问发布榜单。", doc_id="t.txt")
    assert "时间" not in {n.name for n in doc.nodes}
    doc = extract_text("来源：第一财经 时间：2022年\n上海发展集成电路。", doc_id="t.txt")
    assert "第一财经" in {n.name for n in doc.nodes if n.label == "Institution"}
