"""Cypher as files: the canned queries (`*.cypher`, see queries/catalogue.py), the stories
(`stories/*.toml`) and the reads the project itself runs (`internal/*.cypher`).

Every read the CLI, the app and the stores run is a file here, loaded by name; write
statements are built in graph/writes.py. `NAME.falkordb.cypher` beside `NAME.cypher` is the
same query for that store. A file whose header says `// label: …` has a `{label}` the caller
fills with one of the schema's labels (labels cannot be parameters; nothing a user typed goes
into the text).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

DIR = Path(__file__).resolve().parent
INTERNAL = DIR / "internal"
STORIES = DIR / "stories"
LABEL = re.compile(r"[A-Z][A-Za-z]*")  # a label as the schema spells them (City, Industry...)


class UnknownQuery(LookupError):
    pass


@lru_cache(maxsize=None)
def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _path(folder: Path, name: str, kind: str) -> Path:
    variant = folder / f"{name}.{kind}.cypher"
    path = variant if kind and variant.exists() else folder / f"{name}.cypher"
    if not path.exists():
        raise UnknownQuery(f"no query {name!r} in {folder}")
    return path


def canned(name: str, kind: str = "") -> str:
    """A canned query's whole file for a store of `kind` (its header is Cypher comments), for the
    project's own use of one (the overview's counts are `graph_makeup`'s)."""
    return _text(_path(DIR, name, kind))


def internal(name: str, kind: str = "", label: str = "") -> str:
    """The text of internal read `name` for a store of `kind` (its variant where it has one), with
    `label` in place of `{label}`: a bare name (the store checks it is one of the schema's labels)."""
    text = _text(_path(INTERNAL, name, kind))
    if "{label}" in text:
        if not LABEL.fullmatch(label or ""):
            raise ValueError(f"{name}: {label!r} is not a label")
        text = text.replace("{label}", label)
    return text


def internal_names() -> list[str]:
    """Every internal read by name (store variants are the same query)."""
    return sorted({p.name.split(".")[0] for p in INTERNAL.glob("*.cypher")})
