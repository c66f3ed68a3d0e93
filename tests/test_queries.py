"""Every canned query runs on the essays' graph and returns rows; the catalogue reads its headers."""
from __future__ import annotations

import pytest

from queries import catalogue, reads

QUERIES = catalogue.load()


def test_at_least_fifteen_documented_queries():
    assert len(QUERIES) >= 15
    for q in QUERIES.values():
        assert q.title_zh and q.title_en and q.description, q.name
        for p in q.params:
            assert p.default is not None, (q.name, p.name)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_canned_query_returns_rows(essays_store, name):
    q = QUERIES[name]
    result = essays_store.read(q.text_for(essays_store.kind), q.bind({}), row_limit=500)
    assert result.rows, f"{name} returned no rows"


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_parameter_choices_contain_the_default(essays_store, name):
    for p in QUERIES[name].params:
        if p.choice_labels():
            options = reads.names(essays_store, p.choice_labels())
            defaults = p.default if isinstance(p.default, list) else [p.default]
            assert set(defaults) <= set(options), (name, p.name, p.default)


def test_bind_rejects_unknown_and_badly_typed_parameters():
    q = QUERIES["contested_industries"]
    with pytest.raises(catalogue.CatalogueError):
        q.bind({"nope": "1"})
    with pytest.raises(catalogue.CatalogueError):
        q.bind({"limit": "many"})
    assert q.bind({"limit": "5"}) == {"limit": 5, "abroad": False}
    assert q.bind({"abroad": "true"})["abroad"] is True
    with pytest.raises(catalogue.CatalogueError):
        q.bind({"abroad": "perhaps"})


def test_a_new_file_is_a_new_query(tmp_path):
    (tmp_path / "mine.cypher").write_text(
        "// title.zh: 我的\n// title.en: Mine\n// description: d\n// param.n: type=int; default=3\n"
        "RETURN $n AS n\n", encoding="utf-8")
    qs = catalogue.load(tmp_path)
    assert list(qs) == ["mine"] and qs["mine"].bind({}) == {"n": 3}


def test_every_query_has_a_chinese_description():
    for q in QUERIES.values():
        assert q.describe("zh") != q.describe("en"), q.name


@pytest.mark.parametrize("name", sorted(n for n, q in QUERIES.items() if q.variants))
def test_a_store_variant_gives_the_portable_querys_rows(essays_store, name):
    q = QUERIES[name]
    assert set(q.variants) == {"falkordb"} == {essays_store.kind}  # Neo4j runs the portable text
    portable = essays_store.read(q.cypher, q.bind({}), row_limit=None).rows
    own = essays_store.read(q.text_for(essays_store.kind), q.bind({}), row_limit=None).rows
    assert own == portable and own


def test_a_variant_without_its_query_is_refused(tmp_path):
    (tmp_path / "lonely.falkordb.cypher").write_text("RETURN 1", encoding="utf-8")
    with pytest.raises(catalogue.CatalogueError, match="no lonely.cypher"):
        catalogue.load(tmp_path)


def test_every_internal_read_runs_and_returns_rows(essays_store):
    from stores import internal_calls

    for name, params, label in internal_calls(essays_store):
        result = essays_store.internal(name, params, label=label)
        assert result.columns, name
        # (no foreign nodes, merges, corrections or nodes without English in the essays' graph: tested
        # where there are)
        if name not in ("foreign_nodes", "foreign_relationships", "merges", "corrections", "documents_corrected_by",
                        "unnamed"):
            assert result.rows and result.rows[0][0] is not None, name
    assert essays_store.internal("foreign_nodes", {"ours": ["City"]}).rows[0][0] > 0  # the count counts


def test_an_internal_read_takes_only_a_schema_label():
    import cypher

    with pytest.raises(ValueError):
        cypher.internal("names", label="City) DETACH DELETE (x")
    assert "MATCH (n:Zone)" in cypher.internal("names", label="Zone")


SCHEMA_IDENTIFIERS = r"\b(TARGETS|SUPPORTS|LOCATED_IN|ISSUED_BY|PART_OF|MENTIONS|STATES)\b|\$[a-z_]+"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_titles_and_descriptions_name_no_schema_identifier(lang):
    # what the gallery shows above a result is read by people who never saw the schema
    import re

    for q in QUERIES.values():
        for shown in (q.title(lang), q.describe(lang), q.describe(lang, q.bind({}))):
            assert not re.search(SCHEMA_IDENTIFIERS, shown), (q.name, shown)
