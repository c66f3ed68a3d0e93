"""Read the curated TSV data files under ingest/data/ ('#' lines are comments; rules.toml: ingest/rules.py)."""
from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


class DataFileError(Exception):
    pass


def read_tsv(name: str) -> list[dict]:
    """Rows of a TSV data file as dicts; '|' in a cell separates values (left as a string here)."""
    path = DATA_DIR / name
    if not path.exists():
        raise DataFileError(f"missing data file {path}")
    header: list[str] | None = None
    rows: list[dict] = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = [c.strip() for c in cells]
                continue
            if len(cells) > len(header):
                raise DataFileError(f"{path}:{lineno}: {len(cells)} cells, header has {len(header)}")
            cells += [""] * (len(header) - len(cells))
            rows.append({h: c.strip() for h, c in zip(header, cells)})
    return rows


def split_multi(cell: str) -> list[str]:
    return [v.strip() for v in cell.split("|") if v.strip()]
