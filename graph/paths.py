"""Where stores live by default: the user's data folder, and the demo's folder of its own."""
from __future__ import annotations

from pathlib import Path


def default_store_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("kg-industries", appauthor=False)) / "kg.db"


def demo_store_path() -> Path:
    """`kg demo`'s store: a folder of its own, so clearing it can touch nothing else."""
    return default_store_path().parent / "demo" / "demo.db"
