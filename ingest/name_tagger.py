"""Which stretches of a sentence name an industry or an institution, decided by a trained
tagger (a linear-chain CRF over characters, python-crfsuite) instead of by the catalogue,
patterns and name model alone.

The stages before this one find mentions; the tagger reads each sentence's characters with
those mentions as features and marks the industries and institutions the annotators would
name: 宽禁带半导体材料 where the catalogue knows 半导体材料, 智能座舱 that no catalogue lists,
a firm no pattern ends, and not 制造业 or 芯片 where they are only words. It is trained from
the gold files (`kg train`, evaluation/tagger_training.py) and cross-validated by document
(`kg eval --cv`).

Reconciling a tagged stretch with the mentions found so far:
- the same stretch as a mention of its label: that mention stays (canonical name, parent, place);
- a longer stretch around exactly one mention of its label: the stretch is named as written;
  an industry's parent is the mention's catalogue industry (ANNOTATION.md, open-vocabulary
  names), an institution keeps the mention's place;
- an institution that starts with a city or province mention takes it as where it is (天津大学);
- a stretch over any other mention, or over two or more, or an industry stretch that joins
  two with 和 / 、 … and is no catalogue name: the mentions stay;
- a stretch over no mention: a new industry named as written (the catalogue industry that
  ends it, if any, its parent), or a new institution.
An industry or institution mention to which the tagger gives less than `keep_mention_above`
(rules.toml) of being such a name anywhere is dropped: the tagger learned which of the
catalogue's words and the patterns' names the annotators leave out. Government bodies named
in full (ingest/government.py) are not the tagger's to drop.
"""
from __future__ import annotations

import bisect
from pathlib import Path

from .gazetteer import Gazetteer
from .government import SOURCE as GOVERNMENT
from .industry_names import _head, field_name
from .mention import Mention
from .rules import Rules, word_automaton

MODEL = Path(__file__).resolve().parent / "data" / "name_tagger.crfsuite"
SOURCE = "tagger"
OUTSIDE = "O"
# the tagger's labels: B- / I- and one of these
TAGS = {"Industry": "Ind", "Institution": "Ins"}
LABELS = {v: k for k, v in TAGS.items()}
_PLACES = ("City", "Province")
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


def spans(labels: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) of each B-x I-x* run."""
    out, start, tag = [], None, None
    for i, t in enumerate([*labels, OUTSIDE]):
        if t != "I-" + str(tag):
            if start is not None:
                out.append((start, i, LABELS[tag]))
                start = tag = None
            if t.startswith("B-") and t[2:] in LABELS:
                start, tag = i, t[2:]
    return out


class NameTagger:
    """tag(text, sentences, mentions) -> mentions: built once from the rules, the gazetteer and
    a model file (empty path: the bundled one)."""

    def __init__(self, rules: Rules, g: Gazetteer, model: str | Path = ""):
        self.rules = rules
        self.g = g
        self.model_path = Path(model) if model else MODEL
        self.features = CharFeatures(rules, g)
        self.keep_above = rules.tagger.keep_mention_above
        self.glue = tuple(rules.chars.list_glue)
        triggers = rules.relations.TARGETS
        self.verbs = tuple(sorted(set(triggers.strong + triggers.weak), key=len, reverse=True))
        fields = rules.industries
        # trigger verbs of two characters or more never begin a field's name, the strong ones never end
        # it (the weak ones hold role nouns: 计算集群)
        self.not_leading = tuple(sorted(set(fields.tagged_not_leading) | {v for v in self.verbs if len(v) > 1},
                                        key=len, reverse=True))
        self.not_trailing = tuple(sorted(set(fields.tagged_not_trailing) | set(triggers.strong), key=len, reverse=True))
        bodies = rules.institutions
        self.body_not_leading = tuple(sorted(bodies.tagged_not_leading, key=len, reverse=True))
        # the weak triggers hold role nouns a body's name may end with (…转化基地)
        self.body_not_trailing = tuple(sorted(set(bodies.tagged_not_trailing) | set(triggers.strong), key=len, reverse=True))
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

    def _likely(self, m: Mention, offset: int) -> bool:
        """Does the tagger give some character of `m` at least keep_above of being in a name of
        m's label?"""
        tag = TAGS[m.label]
        marginal = self.tagger.marginal
        return max(marginal("B-" + tag, i - offset) + marginal("I-" + tag, i - offset)
                   for i in range(m.start, m.end)) >= self.keep_above

    def __call__(self, text: str, sentences: list[tuple[int, int]], mentions: list[Mention]) -> list[Mention]:
        """`mentions` (sorted, document offsets) with industries and institutions as the tagger
        reads `text`'s `sentences` (document offsets)."""
        starts = [m.start for m in mentions]
        dropped: set[int] = set()
        added: list[Mention] = []
        for s, e in sentences:
            lo, hi = bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)
            inside = [k for k in range(lo, hi) if mentions[k].end <= e]
            sentence = text[s:e]
            labels = self.tagger.tag(self.features(sentence, mention_tags(len(sentence), [mentions[k] for k in inside], s)))
            for k in inside:
                m = mentions[k]
                if m.label in TAGS and m.source != GOVERNMENT and not self._likely(m, s):
                    dropped.add(k)
            for a, b, label in spans(labels):
                a, b = a + s, b + s
                if label == "Industry":
                    trimmed = self._trimmed(text, a, b)
                    if trimmed is None or self._coordinated(text[slice(*trimmed)]):
                        continue  # 智能座舱和卫星互联网 is two fields (Conventions 8): the mentions stay
                    a, b = trimmed
                if label == "Institution":
                    a, b = self._body(text, a, b)  # 来自GE医疗, 中联重科深耕: the firm, not its verb
                    if b - a < 2:
                        continue
                over = [k for k in inside if mentions[k].start < b and a < mentions[k].end]
                if label == "Institution" and over and self._absorbs(mentions, over, a, b):
                    first = mentions[over[0]]
                    place = first.key if first.label in _PLACES and first.start == a else first.place
                    dropped.update(over)  # 天津大学 is in 天津; 国家乳业技术创新中心 holds 乳业
                    added.append(Mention(a, b, label, text[a:b], SOURCE, place=place))
                    continue
                if not over:
                    new = self._new(text[a:b], a, b, label)
                    if new:
                        added.append(new)
                    continue
                if len(over) > 1 or mentions[over[0]].label != label:
                    continue
                k = over[0]
                m = mentions[k]
                if (a, b) == (m.start, m.end):
                    dropped.discard(k)
                elif a <= m.start and m.end <= b:
                    dropped.add(k)
                    added.append(self._refined(text[a:b], a, b, m))
        out = [m for k, m in enumerate(mentions) if k not in dropped] + added
        return sorted(out, key=lambda m: (m.start, m.end))

    def _coordinated(self, surface: str) -> bool:
        """Does a stretch the catalogue does not know as one field join two with 和, 、 …?"""
        return surface not in self.g.surface and field_name(surface, self.rules) not in self.g.surface \
            and any(w in surface for w in self.glue)

    def _trimmed(self, text: str, a: int, b: int) -> tuple[int, int] | None:
        """The field a..b without the words around it that no field's name begins or ends with
        (区内人工智能, 新型航空器需, 空间六大), cut at a bracket; None for a chain's two ends
        (原材料到面板) or what is too short once trimmed."""
        cfg, least = self.rules.industries, self.rules.industries.min_chars
        surface = text[a:b]
        if surface in self.g.surface:
            return a, b
        if any(mark in surface for mark in cfg.tagged_chain_marks):
            return None
        cut = min((surface.find(c) for c in cfg.tagged_cut_at if c in surface), default=-1)
        if cut >= 0:
            b = a + cut
        a, _ = _without(text, a, b, self.not_leading, (), least)
        count = cfg.tagged_trailing_count.search(text, a, b)
        if count and count.start() - a >= least:
            b = count.start()
        a, b = _without(text, a, b, (), self.not_trailing, least)
        return (a, b) if b - a >= least else None

    def _body(self, text: str, a: int, b: int) -> tuple[int, int]:
        """The body a..b without the word before it no name begins with (来自, 依托, 据) and without
        a strong trigger verb or a joining word it ends with (a name never ends in 深耕, 与 …)."""
        if text[a:b] in self.g.surface:
            return a, b
        return _without(text, a, b, self.body_not_leading, self.body_not_trailing, 2)

    @staticmethod
    def _absorbs(mentions: list[Mention], over: list[int], a: int, b: int) -> bool:
        """May an institution the tagger reads over a..b take the place of the mentions inside it?
        Only if they lie wholly inside and none of them is itself an institution's whole name."""
        inner = [mentions[k] for k in over]
        return (all(a <= m.start and m.end <= b for m in inner) and (b - a) - sum(m.end - m.start for m in inner) >= 2
                and not any(m.label == "Institution" and (m.start, m.end) == (a, b) for m in inner)
                and not (len(inner) == 1 and inner[0].label == "Institution"))

    def _new(self, surface: str, start: int, end: int, label: str) -> Mention | None:
        if label == "Institution":
            key = self.g.surface.get(surface)
            if key is not None and key[0] != "Institution":
                return None  # a place or a field the gazetteer knows is no institution
            return Mention(start, end, label, key[1] if key else surface, SOURCE)
        name = field_name(surface, self.rules)
        if len(name) < self.rules.industries.min_chars:
            return None
        key = self.g.surface.get(name)
        if key is not None:
            return Mention(start, end, key[0], key[1], SOURCE) if key[0] == "Industry" else None
        parent = _head(name, self.g)
        return Mention(start, end, "Industry", name, SOURCE, {"parent": parent} if parent else {})

    def _refined(self, surface: str, start: int, end: int, inner: Mention) -> Mention:
        if inner.label == "Institution":
            return Mention(start, end, inner.label, surface, SOURCE, place=inner.place)
        name = field_name(surface, self.rules)
        key = self.g.surface.get(name)
        if key is not None and key[0] == "Industry":
            return Mention(start, end, "Industry", key[1], SOURCE)
        # the parent is a catalogue entry: the inner mention's own, or its parent (晶圆制造 -> 集成电路制造)
        parent = inner.name if ("Industry", inner.name) in self.g.entries else inner.props.get("parent", inner.name)
        return Mention(start, end, "Industry", name, SOURCE, {"parent": parent})


def _without(text: str, a: int, b: int, leading: tuple, trailing: tuple, least: int) -> tuple[int, int]:
    """a..b without the first of `leading` it begins with and then the first of `trailing` it ends
    with (longest first, as the callers sort them), each only where `least` characters are left."""
    lead = next((w for w in leading if text.startswith(w, a, b) and b - a - len(w) >= least), "")
    a += len(lead)
    trail = next((w for w in trailing if text.endswith(w, a, b) and b - a - len(w) >= least), "")
    return a, b - len(trail)
