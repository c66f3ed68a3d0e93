"""Paths the tests share (imported as `from paths import ...`)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ESSAYS = ROOT / "cli" / "essays"
GOLD = ROOT / "data" / "training" / "essays" / "gold"
