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


def _join_wrapped(lines: list[str], cfg: TextRules) -> str:
    ends = set(cfg.sentence_end) | set(cfg.closing_quotes)
    heading_max = cfg.heading_max_chars
    joinable = compiled(cfg.wrap_joinable)
    paragraphs: list[str] = []
    current = last_line = ""
    blank_run = 0
    for line in lines:
        if not line:
            blank_run += 1
            continue
        if current and _continues(last_line, line, ends, heading_max, blank_run, joinable):
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
