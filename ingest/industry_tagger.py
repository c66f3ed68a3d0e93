"""Which stretches of a sentence name an industry, decided by a trained tagger (a linear-chain
CRF over characters, python-crfsuite) instead of by the catalogue alone.

The catalogue and the rules before this stage find industry mentions; the tagger reads each
sentence's characters with those mentions as features and marks the industries the
annotators would name: 宽禁带半导体材料 where the catalogue knows 半导体材料, 电解水制氢 that
no catalogue lists, and not 制造业 or 芯片 where they are only words. It was trained from the
gold files (`kg train`) and cross-validated by document (`kg eval --cv`).

Reconciling the tagger with the mentions found so far, per tagged stretch:
- the same stretch as an industry mention: that mention stays (its canonical name, its parent);
- a longer stretch around exactly one industry mention: the stretch is named as written, the
  mention's industry its PART_OF parent (ANNOTATION.md, open-vocabulary names);
- a stretch over two or more mentions, or touching a place, zone, firm or plan: the mentions stay;
- a stretch over no mention: a new industry named as written, the catalogue industry that
  ends it (if any) its parent.
An industry mention the tagger gives less than `keep_mention_above` (rules.toml) of being an
industry anywhere is dropped: the tagger learned which of the catalogue's words the
annotators leave out.
"""
from __future__ import annotations

import bisect
from pathlib import Path

from .gazetteer import Gazetteer
from .industry_names import _head, field_name
from .mention import Mention
from .rules import Rules, word_automaton

MODEL = Path(__file__).resolve().parent / "data" / "industry_tagger.crfsuite"
SOURCE = "tagger"
INSIDE, BEGIN, OUTSIDE = "I", "B", "O"
_PUNCT = set("、，,。；;：:（）()《》“”\"' \n")


def _kind(c: str) -> str:
    if "\u4e00" <= c <= "\u9fff":
        return "H"
    if c.isdigit():
        return "D"
    if c.isascii() and c.isalpha():
        return "L"
    return "P" + c if c in _PUNCT else "O"


def mention_tags(length: int, mentions: list[Mention], offset: int) -> list[str]:
    """Per character of a sentence at `offset`: B-/I- and the first three letters of the label of
    the mention over it (B-Ind, I-Zon …), or O."""
    tags = ["O"] * length
    for m in mentions:
        s, e = m.start - offset, m.end - offset
        if 0 <= s and e <= length:
            tags[s] = "B-" + m.label[:3]
            for i in range(s + 1, e):
                tags[i] = "I-" + m.label[:3]
    return tags


class CharFeatures:
    """features(sentence, mention tags) -> each character's features: itself and two either
    side, the bigrams and trigram around it, character kinds, the mention tags of it and its
    neighbours, where catalogue industry words begin and end (chosen as mentions or not), how
    far back the last TARGETS trigger verb ended, and whether a list separator is near."""

    def __init__(self, rules: Rules, g: Gazetteer):
        self.g = g
        triggers = rules.relations.TARGETS
        self.triggers = word_automaton(sorted(set(triggers.strong + triggers.weak)))
        self.list_mark = rules.tagger.list_mark
        self.list_window = rules.tagger.list_window

    def __call__(self, text: str, tags: list[str]) -> list[list[str]]:
        n = len(text)
        begins, ends, inside = [""] * n, [""] * n, [""] * n
        for a, b, _surface, key in self.g.find(text):
            if key[0] == "Industry":
                begins[a], ends[b - 1] = "b", "e"
                for i in range(a, b):
                    inside[i] = "i"
        trigger_ends = {end for end, _length in self.triggers.iter(text)}
        padded = "##" + text + "##"
        kinds = [_kind(c) for c in padded]
        mtags = ["#", *tags, "#"]
        w = self.list_window
        out = []
        since = None  # characters since the last trigger ended
        for i in range(n):
            p = i + 2
            a, b, c, d, e = padded[p - 2:p + 3]
            out.append(["c=" + c, "c-1=" + b, "c+1=" + d, "c-2=" + a, "c+2=" + e,
                        "b-1=" + b + c, "b+1=" + c + d, "b-2=" + a + b, "b+2=" + d + e, "tri=" + b + c + d,
                        "t=" + kinds[p], "t-1=" + kinds[p - 1], "t+1=" + kinds[p + 1],
                        "m=" + mtags[i + 1], "m-1=" + mtags[i], "m+1=" + mtags[i + 2],
                        "g=" + begins[i] + ends[i] + inside[i], "g-1=" + (ends[i - 1] if i else ""),
                        "g+1=" + (begins[i + 1] if i + 1 < n else ""),
                        "v=" + (str(min(since, 9)) if since is not None else "-"),
                        "l=" + str(int(self.list_mark in text[max(0, i - w):i + w + 1]))])
            since = 0 if i in trigger_ends else (since + 1 if since is not None else None)
        return out


def spans(labels: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each B I* run."""
    out, start = [], None
    for i, tag in enumerate([*labels, OUTSIDE]):
        if tag != INSIDE:
            if start is not None:
                out.append((start, i))
                start = None
            if tag == BEGIN:
                start = i
    return out


class IndustryTagger:
    """tag(sentences, mentions) -> mentions: built once from the rules, the gazetteer and a
    model file (empty path: the bundled one)."""

    def __init__(self, rules: Rules, g: Gazetteer, model: str | Path = ""):
        self.rules = rules
        self.g = g
        self.model_path = Path(model) if model else MODEL
        self.features = CharFeatures(rules, g)
        self.keep_above = rules.tagger.keep_mention_above
        self._tagger = None

    def use(self, model: str | Path) -> None:
        """Tag with another model file from now on (cross-validation trains one per fold)."""
        self.model_path = Path(model)
        self._tagger = None

    @property
    def tagger(self):
        if self._tagger is None:
            import pycrfsuite

            tagger = pycrfsuite.Tagger()
            tagger.open(str(self.model_path))
            self._tagger = tagger
        return self._tagger

    def __call__(self, text: str, sentences: list[tuple[int, int]], mentions: list[Mention]) -> list[Mention]:
        """`mentions` (sorted, document offsets) with industries as the tagger reads `text`'s
        `sentences` (document offsets)."""
        starts = [m.start for m in mentions]
        keep = [True] * len(mentions)
        added: list[Mention] = []
        tagged_industry = [False] * len(mentions)
        for s, e in sentences:
            lo, hi = bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)
            inside = [k for k in range(lo, hi) if mentions[k].end <= e]
            sentence = text[s:e]
            labels = self.tagger.tag(self.features(sentence, mention_tags(len(sentence), [mentions[k] for k in inside], s)))
            for k in inside:  # an industry mention the tagger doubts but does not rule out stays
                m = mentions[k]
                if m.label == "Industry" and max(1 - self.tagger.marginal(OUTSIDE, i - s)
                                                 for i in range(m.start, m.end)) >= self.keep_above:
                    tagged_industry[k] = True
            for a, b in spans(labels):
                a, b = a + s, b + s
                over = [k for k in inside if mentions[k].start < b and a < mentions[k].end]
                if not over:
                    new = self._new(text[a:b], a, b)
                    if new:
                        added.append(new)
                    continue
                if any(mentions[k].label != "Industry" for k in over):
                    continue
                for k in over:
                    tagged_industry[k] = True
                if len(over) == 1:
                    m = mentions[over[0]]
                    if (a, b) != (m.start, m.end) and a <= m.start and m.end <= b:
                        keep[over[0]] = False
                        added.append(self._refined(text[a:b], a, b, m))
        for k, m in enumerate(mentions):
            if m.label == "Industry" and not tagged_industry[k]:
                keep[k] = False
        out = [m for k, m in enumerate(mentions) if keep[k]] + added
        return sorted(out, key=lambda m: (m.start, m.end))

    def _new(self, surface: str, start: int, end: int) -> Mention | None:
        name = field_name(surface, self.rules)
        if len(name) < self.rules.industries.min_chars:
            return None
        key = self.g.surface.get(name)
        if key is not None:
            return Mention(start, end, key[0], key[1], SOURCE) if key[0] == "Industry" else None
        parent = _head(name, self.g)
        return Mention(start, end, "Industry", name, SOURCE, {"parent": parent} if parent else {})

    def _refined(self, surface: str, start: int, end: int, inner: Mention) -> Mention:
        name = field_name(surface, self.rules)
        key = self.g.surface.get(name)
        if key is not None and key[0] == "Industry":
            return Mention(start, end, "Industry", key[1], SOURCE)
        # the parent is a catalogue entry: the inner mention's own, or its parent (晶圆制造 -> 集成电路制造)
        parent = inner.name if ("Industry", inner.name) in self.g.entries else inner.props.get("parent", inner.name)
        return Mention(start, end, "Industry", name, SOURCE, {"parent": parent})
