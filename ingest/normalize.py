"""Document clean-up before the pipeline: NFKC, page furniture, hard-wrapped lines.

Character conversion for matching (traditional -> simplified) is shared with
search and the app and lives in `textnorm`.
"""
from __future__ import annotations

import re
import unicodedata

from .rules import TextRules, compiled, load_rules


def normalize(raw: str, rules: TextRules | None = None) -> str:
    """Display text: what evidence sentences are cut from.

    NFKC makes full-width ASCII half-width (`，` stays CJK, `：` becomes `:`),
    page furniture goes, and lines broken inside a sentence are joined.
    """
    cfg = rules or load_rules().text
    text = unicodedata.normalize("NFKC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u3000", " ").replace("\xa0", " ")
    furniture = [compiled(p) for p in cfg.furniture]
    lines = [_strip_markup(line) for line in text.split("\n")]
    lines = [line for line in lines if not any(p.match(line) for p in furniture)]
    return _join_wrapped(lines, cfg)


def _strip_markup(line: str) -> str:
    line = re.sub(r"^\s{0,3}#{1,6}\s*", "", line)  # markdown headings
    line = re.sub(r"\*\*|__|(?<!\w)\*(?!\s)|`", "", line)  # emphasis, code ticks
    return line.strip()


def wrap_width(lines: list[str]) -> int | None:
    """The width a hard-wrapped text (a PDF dump, a fixed-width file) breaks its lines at: the most
    common line length, when that many lines share it; 0 for text whose lines are paragraphs (a web
    page), where a line break always ends a heading, a caption or a paragraph; None when the text
    is too short to tell. A text with table rows (| a | b |) has lines that are its structure, not
    a width it was wrapped at (a ranking's rows share a length without being broken sentences)."""
    if any(_table_row(line) for line in lines):
        return 0
    lengths = [len(line) for line in lines if len(line) >= 8]
    if len(lengths) < 5:
        return None
    counts: dict[int, int] = {}
    for n in lengths:
        for near in (n - 1, n, n + 1):  # justified lines vary by a character
            counts[near] = counts.get(near, 0) + 1
    width, shared = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    return width if shared >= 0.4 * len(lengths) else 0


def _join_wrapped(lines: list[str], cfg: TextRules) -> str:
    ends = set(cfg.sentence_end) | set(cfg.closing_quotes)
    heading_max = cfg.heading_max_chars
    joinable = compiled(cfg.wrap_joinable)
    width = wrap_width(lines)
    paragraphs: list[str] = []
    current = last_line = ""
    blank_run = 0
    for line in lines:
        if not line:
            blank_run += 1
            continue
        if (current and width != 0 and (width is None or len(last_line) >= width - 2)
                and _continues(last_line, line, ends, heading_max, blank_run, joinable)
                and not cfg.field_line.match(line)
                and not (len(last_line) <= heading_max and cfg.field_line.match(last_line))):
            current += line
        else:
            if current:
                paragraphs.append(current)
            current = line
        last_line = line
        blank_run = 0
    if current:
        paragraphs.append(current)
    return "\n".join(paragraphs)


def _continues(prev: str, nxt: str, ends: set[str], heading_max: int, blank_run: int,
               joinable: re.Pattern) -> bool:
    """Is `nxt` the rest of the sentence that the line `prev` broke off?"""
    if prev[-1] in ends:
        return False
    if len(prev) <= heading_max and blank_run and not any(c in ends for c in prev):
        return False  # a short line followed by a blank line is a heading
    if blank_run > 2:
        return False
    return bool(joinable.match(prev[-1]) and joinable.match(nxt[0]))


def _table_row(line: str) -> bool:
    return line.startswith("|")
