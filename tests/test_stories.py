"""The bundled stories, checked against the bundled data: what a room is shown must be true and
readable. No foreign place where the question is about Chinese cities, a caption that names
what its step shows, no step drawn as a graph of more than 60 nodes."""
from __future__ import annotations

import csv

import pytest

from graph.values import collect_graph
from queries import catalogue, stories
from ingest.datafiles import DATA_DIR as DATA

MAX_GRAPH_NODES = 60


def foreign_cities() -> set[str]:
    with open(DATA / "places" / "foreign_cities.tsv", encoding="utf-8") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        return {r["name"] for r in rows}


def steps() -> list:
    return [pytest.param(story, step, id=f"{story.name}-{i}")
            for story in stories.load().values() for i, step in enumerate(story.steps, 1)]


def names_shown(rows: list[list]) -> set[str]:
    """Entity names a step puts on screen: node names and the short text cells (a pair column
    'A / B' counts as both), not evidence sentences."""
    shown = set()
    nodes, _ = collect_graph(rows)
    shown |= {n["properties"].get("name", "") for n in nodes.values()}
    stack = [v for row in rows for v in row]
    while stack:
        v = stack.pop()
        if isinstance(v, str) and len(v) <= 40:
            shown |= {part.strip() for part in v.split("/")}
        elif isinstance(v, list):
            stack += v
    return shown


def test_the_check_knows_the_foreign_cities_the_demo_holds(essays_store):
    # 东京 and 伦敦 are in the essays: without that, the test below could not fail
    held = {r[0] for r in essays_store.read("MATCH (c:City) WHERE c.country IS NOT NULL RETURN c.name").rows}
    assert {"东京", "伦敦"} <= held <= foreign_cities()


@pytest.mark.parametrize("story,step", steps())
def test_each_step_shows_no_foreign_place_and_a_readable_graph(essays_store, story, step):
    q = catalogue.load()[step.query]
    result = essays_store.read(q.text_for(essays_store.kind), q.bind(step.params), row_limit=None)
    assert result.rows, f"{story.name}: step on {step.query} shows nothing on the bundled data"
    abroad = names_shown(result.rows) & foreign_cities()
    assert not abroad, f"{story.name}: step on {step.query} shows {sorted(abroad)}"
    nodes, _ = collect_graph(result.rows)
    if nodes and step.view in ("", "graph"):
        assert len(nodes) <= MAX_GRAPH_NODES, f"{story.name}: {step.query} draws {len(nodes)} nodes"


@pytest.mark.parametrize("story,step", steps())
def test_each_caption_names_what_its_step_is_about(story, step):
    for name, value in step.params.items():
        if isinstance(value, str):
            assert value in step.caption["zh"], f"{story.name}: the caption of {step.query} does not say {value}"
    assert step.caption.get("zh") and step.caption.get("en")


def test_foreign_cities_come_back_when_asked(essays_store):
    # (the essays' foreign cities share no field with another city since 制造业-as-a-word is no
    # longer read as a field, so ask the query that lists every connected city)
    q = catalogue.load()["most_connected"]
    asked = essays_store.read(q.text_for(essays_store.kind), q.bind({"abroad": "true"}), row_limit=None)
    assert names_shown(asked.rows) & foreign_cities()
    left_out = essays_store.read(q.text_for(essays_store.kind), q.bind({"abroad": "false"}), row_limit=None)
    assert not names_shown(left_out.rows) & foreign_cities()
