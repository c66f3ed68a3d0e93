"""Canned queries: one .cypher file each in cypher/, with a header block of `// key: value` lines.

    // title.zh: 城市布局的产业
    // title.en: Industries a place targets
    // description: ...            (English; description.zh: the Chinese one)
    // param.place: type=string; default=成都; choices=City|Province; zh=地点; en=Place
    // chart: bar; x=industry; y=mentions      (opens=chart: the app opens on the chart, not the graph)

`choices` names the labels whose node names fill a picker (`any` = every
entity, `labels` = the label names); `zh` / `en` are what the app calls the parameter.
Types: string, int, float, list (comma-separated), bool (true / false). Adding a file adds a query: the CLI and
the app both read this folder.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import cypher
from graph.model import NODE_LABELS

CYPHER_DIR = Path(os.environ.get("KG_CYPHER_DIR", cypher.DIR))
TYPES = {"string": str, "int": int, "float": float, "list": list, "bool": bool}
TRUE, FALSE = ("true", "yes", "1", "on"), ("false", "no", "0", "off")


class CatalogueError(Exception):
    pass


@dataclass
class Param:
    name: str
    type: str = "string"
    default: object = None
    choices: str = ""  # City|Province, any, labels, Document, or empty (free input)
    label: dict = field(default_factory=dict)  # lang -> what the app calls it

    def title(self, lang: str) -> str:
        return self.label.get(lang) or self.label.get("en") or self.name

    def coerce(self, raw) -> object:
        """A user-typed value as this parameter's type (CLI strings, URL values)."""
        if self.type == "bool":
            if isinstance(raw, bool):
                return raw
            word = str(raw).strip().lower()
            if word in TRUE or word in FALSE:
                return word in TRUE
            raise CatalogueError(f"parameter {self.name!r} must be true or false, got {raw!r}")
        if self.type == "list":
            if isinstance(raw, (list, tuple)):
                return [str(v) for v in raw]
            return [v.strip() for v in str(raw).replace("，", ",").split(",") if v.strip()]
        if isinstance(raw, str) and self.type in ("int", "float"):
            try:
                return TYPES[self.type](raw.strip())
            except ValueError:
                raise CatalogueError(f"parameter {self.name!r} must be {self.type}, got {raw!r}") from None
        return TYPES[self.type](raw)

    def choice_labels(self) -> list[str] | None:
        """The labels whose node names this parameter offers (queries.reads.names), or None for
        free input or a fixed list."""
        if not self.choices or self.choices == "labels":
            return None
        if self.choices == "any":
            return list(NODE_LABELS)
        labels = [l.strip() for l in self.choices.split("|") if l.strip()]
        for l in labels:
            if l not in NODE_LABELS and l != "Document":
                raise CatalogueError(f"parameter {self.name!r}: {l!r} in choices is not a label of the schema")
        return labels

    def to_url(self, value) -> str:
        """The value as it travels in a shareable URL (lists comma-separated)."""
        if isinstance(value, bool):
            return "true" if value else "false"
        return ",".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)

    def static_choices(self) -> list[str] | None:
        if self.choices == "labels":
            return list(NODE_LABELS)
        return None


@dataclass
class CannedQuery:
    name: str
    cypher: str
    title_zh: str = ""
    title_en: str = ""
    description: str = ""
    description_zh: str = ""
    params: list[Param] = field(default_factory=list)
    chart: dict = field(default_factory=dict)  # {"kind": "bar", "x": ..., "y": ...}
    path: Path | None = None
    # store kind -> the same query written for that store (NAME.KIND.cypher beside NAME.cypher),
    # where it keeps what the portable text would scan for (FalkorDB's per-type counts)
    variants: dict[str, str] = field(default_factory=dict)

    def text_for(self, store_kind: str) -> str:
        """The Cypher to run on a store of this kind: its own variant, else the portable text."""
        return self.variants.get(store_kind, self.cypher)

    def title(self, lang: str = "en") -> str:
        return (self.title_zh if lang == "zh" else self.title_en) or self.title_en or self.title_zh or self.name

    def describe(self, lang: str = "en", values: dict | None = None) -> str:
        """The description with each `$name` written out: its value when given, else what the
        app calls the parameter (a reader never sees a placeholder)."""
        text = (self.description_zh if lang == "zh" else "") or self.description
        for p in sorted(self.params, key=lambda p: -len(p.name)):  # $cities before $cit…
            shown = p.to_url(values[p.name]) if values and p.name in values else f"[{p.title(lang)}]"
            text = text.replace(f"${p.name}", shown)
        return text

    def headline(self, lang: str = "en", values: dict | None = None, shown=None) -> str:
        """The title with the values it was run with, for exports and slides: 省内城市的产业布局 · 江苏.
        Names as they are (or as `shown(param, value)` names them: a document by its title),
        numbers with what the parameter is called, a switch only when on."""
        name = (lambda p, v: shown(p, v) if isinstance(v, str) else v) if shown else (lambda p, v: v)
        parts = []
        for p in self.params:
            v = (values or {}).get(p.name)
            if v is None or v is False or v == [] or v == "":
                continue
            if isinstance(v, bool):
                parts.append(p.title(lang))
            elif isinstance(v, (int, float)):
                parts.append(f"{p.title(lang)} {v}")
            else:
                listed = [name(p, x) for x in v] if isinstance(v, (list, tuple)) else [name(p, v)]
                parts.append(("、" if lang == "zh" else ", ").join(map(str, listed)))
        return " · ".join([self.title(lang), *parts])

    def bind(self, given: dict) -> dict:
        """Parameters for a run: defaults, overridden by `given` (coerced); unknown names refused."""
        known = {p.name: p for p in self.params}
        unknown = set(given) - set(known)
        if unknown:
            raise CatalogueError(f"query {self.name!r} has no parameter {', '.join(sorted(unknown))}; "
                                 f"it takes: {', '.join(known) or 'none'}")
        values = {}
        for p in self.params:
            if p.name in given:
                values[p.name] = p.coerce(given[p.name])
            elif p.default is not None:
                values[p.name] = p.default
            else:
                raise CatalogueError(f"query {self.name!r} needs parameter {p.name!r}")
        return values


def parse(path: Path) -> CannedQuery:
    header: dict[str, str] = {}
    params: list[Param] = []
    body: list[str] = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("//") and not body:
            content = stripped[2:].strip()
            if ":" not in content:
                continue
            key, value = (s.strip() for s in content.split(":", 1))
            if key.startswith("param."):
                params.append(_param(key[6:], value, path, lineno))
            else:
                header[key] = value
        elif stripped or body:
            body.append(line)
    cypher = "\n".join(body).strip()
    if not cypher:
        raise CatalogueError(f"{path}: no Cypher after the header")
    return CannedQuery(
        name=path.stem, cypher=cypher, title_zh=header.get("title.zh", ""), title_en=header.get("title.en", ""),
        description=header.get("description", ""), description_zh=header.get("description.zh", ""), params=params, chart=_chart(header.get("chart", "")), path=path,
    )


def _param(name: str, spec: str, path: Path, lineno: int) -> Param:
    fields = dict(
        (k.strip(), v.strip()) for k, v in (part.split("=", 1) for part in spec.split(";") if "=" in part)
    )
    ptype = fields.get("type", "string")
    if ptype not in TYPES:
        raise CatalogueError(f"{path}:{lineno}: parameter {name!r} has unknown type {ptype!r}")
    p = Param(name=name, type=ptype, choices=fields.get("choices", ""),
              label={lang: fields[lang] for lang in ("zh", "en") if fields.get(lang)})
    if "default" in fields:
        p.default = p.coerce(fields["default"])
    return p


def _chart(spec: str) -> dict:
    if not spec:
        return {}
    parts = [s.strip() for s in spec.split(";")]
    chart = {"kind": parts[0]}
    chart.update(dict(p.split("=", 1) for p in parts[1:] if "=" in p))
    return chart


def load(directory: Path | None = None) -> dict[str, CannedQuery]:
    directory = Path(directory or CYPHER_DIR)
    if not directory.is_dir():
        raise CatalogueError(f"no canned-query folder at {directory}")
    paths = sorted(directory.glob("*.cypher"))
    queries = {q.name: q for q in (parse(p) for p in paths if "." not in p.stem)}
    for p in paths:
        if "." in p.stem:
            name, kind = p.stem.split(".", 1)
            if name not in queries:
                raise CatalogueError(f"{p}: a variant of {name!r}, but there is no {name}.cypher")
            queries[name].variants[kind] = parse(p).cypher
    return queries
