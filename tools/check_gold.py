"""Check hand-made gold files against ANNOTATION.md before they are used to train or score.

    python tools/check_gold.py GOLD_DIR TEXTS_DIR

Checks each gold file: labels and relationship types from the schema table, directions
(head and tail labels), every head and tail an entity of the same file, no duplicate
entities, names or relations, every evidence string inside the text, and every mainland
City that is not a municipality LOCATED_IN its province (Conventions 1). Prints one line
per problem and exits non-zero when there is any.
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

LABELS = {"City", "Province", "Region", "Zone", "Industry", "Institution", "Policy"}
DIRECTIONS = {
    "TARGETS": ({"City", "Province", "Region", "Zone"}, {"Industry"}),
    "SUPPORTS": ({"Policy", "Institution"}, {"Industry"}),
    "LOCATED_IN": ({"Institution", "Zone", "City"}, {"City", "Province", "Region"}),
    "ISSUED_BY": ({"Policy"}, {"City", "Province", "Institution"}),
}
CITIES = Path(__file__).resolve().parents[1] / "ingest" / "data" / "places" / "cities.tsv"


def city_provinces() -> dict[str, str]:
    rows = [line for line in CITIES.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return {r["name"]: r["province"] for r in csv.DictReader(rows, delimiter="\t")
            if r["level"] not in ("municipality", "sar", "taiwan-city")}


def text_of(gold: dict, texts: Path) -> str | None:
    for name in (gold["document"], gold["document"] + ".txt"):
        if (texts / name).is_file():
            return (texts / name).read_text(encoding="utf-8")
    return None


def problems(path: Path, texts: Path, provinces: dict[str, str]) -> list[str]:
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        return [f"not readable JSON: {exc}"]
    out = []
    for field in ("document", "entities", "relations"):
        if field not in gold:
            out.append(f"missing field {field!r}")
    if out:
        return out
    text = text_of(gold, texts)
    if text is None:
        out.append(f"its text {gold['document']} is not in {texts}")
    labels: dict[str, str] = {}
    surfaces: dict[str, str] = {}
    for e in gold["entities"]:
        name, label = e.get("name", ""), e.get("label", "")
        if label not in LABELS:
            out.append(f"entity {name}: unknown label {label!r}")
        if name in labels:
            out.append(f"entity {name}: listed twice")
        labels[name] = label
        for surface in [name, *e.get("aliases", [])]:
            if surfaces.get(surface, name) != name:
                out.append(f"entity {name}: surface {surface!r} also names {surfaces[surface]}")
            surfaces[surface] = name
    seen = set()
    for r in gold["relations"]:
        key = (r.get("type"), r.get("head"), r.get("tail"))
        if key in seen:
            out.append(f"relation {key}: listed twice")
        seen.add(key)
        if r.get("type") not in DIRECTIONS:
            out.append(f"relation {key}: unknown type")
            continue
        heads, tails = DIRECTIONS[r["type"]]
        for end, allowed in ((r.get("head"), heads), (r.get("tail"), tails)):
            if end not in labels:
                out.append(f"relation {key}: {end} is not an entity of this file")
            elif labels[end] not in allowed:
                out.append(f"relation {key}: {end} is a {labels[end]}, the type takes {sorted(allowed)}")
        evidence = (r.get("evidence") or "").strip()
        if not evidence:
            out.append(f"relation {key}: no evidence")
        elif text is not None and evidence not in text:
            out.append(f"relation {key}: evidence not found in the text: {evidence[:40]}…")
    for name, label in labels.items():
        if label == "City" and name in provinces:
            if ("LOCATED_IN", name, provinces[name]) not in seen:
                out.append(f"City {name}: no LOCATED_IN {provinces[name]} (Conventions 1)")
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2].strip())
        return 2
    gold_dir, texts = Path(argv[1]), Path(argv[2])
    provinces = city_provinces()
    bad = 0
    files = sorted(gold_dir.glob("*.json"))
    for path in files:
        for p in problems(path, texts, provinces):
            print(f"{path.name}: {p}")
            bad += 1
    print(f"{len(files)} gold file(s), {bad} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
