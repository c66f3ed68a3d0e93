"""Gold files (ANNOTATION.md format), the texts they annotate, and matching names to gold names."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from textnorm import canonical_key


class GoldError(Exception):
    pass


def load_gold(path: Path) -> dict:
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise GoldError(f"{path}: not a readable gold JSON file: {exc}") from exc
    if not isinstance(gold, dict):
        raise GoldError(f"{path}: not a gold file (a JSON object with document, entities, relations)")
    for field in ("document", "entities", "relations"):
        if field not in gold:
            raise GoldError(f"{path}: missing field {field!r}")
    return gold


@dataclass
class GoldDocument:
    name: str  # the gold file's stem: unique within a set
    gold: dict
    text_path: Path


def gold_documents(gold_dir: Path, texts_dir: Path | None = None, prefix: str = "") -> list[GoldDocument]:
    """Every gold file in `gold_dir` with the text it annotates (in `texts_dir`, else beside it;
    a document named without a suffix may be a .txt file)."""
    gold_dir = Path(gold_dir)
    files = sorted(gold_dir.glob("*.json"))
    if not files:
        raise GoldError(f"no gold *.json files in {gold_dir}")
    out = []
    for gf in files:
        gold = load_gold(gf)
        out.append(GoldDocument(prefix + gf.stem, gold, _text_of(gf, gold, texts_dir)))
    return out


def _text_of(gf: Path, gold: dict, texts_dir: Path | None) -> Path:
    document = gold["document"]
    if gold.get("path"):
        return Path(gold["path"])
    for folder in [texts_dir, gf.parent] if texts_dir else [gf.parent]:
        for name in (document, document + ".txt"):
            if (Path(folder) / name).is_file():
                return Path(folder) / name
    raise GoldError(f"{gf}: its document {document} is not in {texts_dir or gf.parent}")


class Matcher:
    """Maps extracted (label, name) to gold entity names the way ANNOTATION.md says."""

    def __init__(self, gold: dict):
        self.index: dict[tuple[str, str], str] = {}
        for e in gold["entities"]:
            for surface in [e["name"], *e.get("aliases", [])]:
                self.index.setdefault((e["label"], canonical_key(surface)), e["name"])

    def match(self, label: str, name: str) -> str | None:
        return self.index.get((label, canonical_key(name)))


TRAINING_SETS = Path(__file__).resolve().parent.parent / "data" / "training" / "sets.toml"


def training_sets(path: Path | None = None) -> list[GoldDocument]:
    """Every gold document of the sets `sets.toml` lists (default: the repository's
    data/training/sets.toml), named "set:file"."""
    import tomllib

    path = Path(path or TRAINING_SETS)
    try:
        sets = tomllib.loads(path.read_text(encoding="utf-8")).get("set", [])
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise GoldError(f"{path}: cannot read the list of training sets ({exc})") from exc
    out = []
    for s in sets:
        try:
            gold, name = path.parent / s["gold"], s["name"]
        except KeyError as exc:
            raise GoldError(f"{path}: a [[set]] lacks {exc}") from exc
        texts = path.parent / s.get("texts", str(Path(s["gold"]).parent / "texts"))
        out += gold_documents(gold, texts, prefix=name + ":")
    return out


def not_among(pool: list[GoldDocument], scored: list[GoldDocument]) -> list[GoldDocument]:
    """The documents of `pool` that are none of `scored`, by the text they annotate: a copy of a
    training text in another folder is the same document, and training on it while scoring it
    would leak the answer into a cross-validated figure."""
    def digest(d: GoldDocument) -> str:
        try:
            return hashlib.sha256(d.text_path.read_bytes()).hexdigest()
        except OSError:
            return str(d.text_path.resolve())

    seen = {digest(d) for d in scored}
    return [d for d in pool if digest(d) not in seen]
