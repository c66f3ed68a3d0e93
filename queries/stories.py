"""Stories for meetings: data files in cypher/stories/*.toml, each a list of steps.

    title.zh = "…"            title.en = "…"
    description.zh = "…"      description.en = "…"
    [[steps]]
    query = "contested_industries"        # a canned query from cypher/
    params = { limit = 10 }
    caption.zh = "…"  caption.en = "…"
    view = "chart"                          # graph | table | chart (default: graph if any, else table)
    layout = "pinned"                       # optional: pinned (same picture every time) | cose | circle | concentric
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import cypher

from .catalogue import CatalogueError, load as load_queries

STORY_DIR = cypher.STORIES
LAYOUTS = ("pinned", "cose", "circle", "concentric", "breadthfirst", "grid")
VIEWS = ("graph", "table", "chart")


@dataclass
class Step:
    query: str
    params: dict = field(default_factory=dict)
    caption: dict = field(default_factory=dict)  # lang -> text
    view: str = ""
    layout: str = "cose"


@dataclass
class Story:
    name: str
    title: dict
    description: dict
    steps: list[Step]

    def text(self, what: dict, lang: str) -> str:
        return what.get(lang) or what.get("en") or what.get("zh") or ""


def load(directory: Path | None = None) -> dict[str, Story]:
    directory = Path(directory or STORY_DIR)
    queries = load_queries()
    stories = {}
    for path in sorted(directory.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise CatalogueError(f"{path}: not valid TOML: {exc}") from exc
        steps = []
        for i, raw in enumerate(data.get("steps", []), 1):
            q = raw.get("query")
            if q not in queries:
                raise CatalogueError(f"{path}: step {i} names no canned query {q!r}")
            queries[q].bind(raw.get("params", {}))  # unknown or mistyped parameters fail here, not in a meeting
            layout = raw.get("layout", "cose")
            view = raw.get("view", "")
            if layout not in LAYOUTS or (view and view not in VIEWS):
                raise CatalogueError(f"{path}: step {i}: layout must be one of {LAYOUTS}, view one of {VIEWS}")
            steps.append(Step(q, raw.get("params", {}), raw.get("caption", {}), view, layout))
        if not steps:
            raise CatalogueError(f"{path}: a story needs at least one [[steps]]")
        stories[path.stem] = Story(path.stem, data.get("title", {}), data.get("description", {}), steps)
    return stories
