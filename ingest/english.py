"""English names for the nodes no catalogue names (open vocabulary), so that English mode shows
no Chinese: a compound industry the tagger finds (宽禁带半导体材料), a firm, institute or zone
the registers do not list, a policy named by its title.

A name is cut into the longest words known, left to right: the catalogues' own names (industries,
places, institutions) with their English, the general vocabulary of ingest/data/english_glossary.tsv,
and what neither knows romanised with pypinyin. The English is put together by the node's label:

- Industry: modifier + head, the head's English from the catalogue (the PART_OF parent, else the
  catalogue industry the name ends with): 宽禁带半导体材料 -> "Wide-bandgap semiconductor materials".
- Institution, Zone: each part in Title Case, the brand romanised as one capitalised word:
  合肥某某科技有限公司 -> "Hefei Moumou Technology Co., Ltd.", 某某高新区 -> "Moumou High-tech Zone".
- Policy: "Issuer: Document type on/for subject (years)": 《合肥市关于加快发展X产业的若干措施》 ->
  "Hefei: Measures on Accelerating the Development of the X Industry".

A catalogue entry's English always wins (the caller names only nodes without one). Deterministic;
the lexicon is built once per gazetteer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .datafiles import read_tsv
from .gazetteer import Gazetteer

GLOSSARY = "english_glossary.tsv"
SMALL_WORDS = {"a", "an", "and", "as", "by", "for", "in", "of", "on", "the", "to", "with"}
PUNCTUATION = {"（": "(", "）": ")", "“": '"', "”": '"', "‘": "'", "’": "'", "《": "", "》": "", "〈": "", "〉": "",
               "·": " ", "—": "–", "－": "-", "～": "–", "＋": "+", "，": ",", "：": ":", "；": ";", "、": ",",
               "。": "", "！": "", "？": "", "〇": "0", "「": '"', "」": '"', "【": "(", "】": ")"}
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
YEARS = re.compile(r"[（(]\s*(\d{4})\s*(?:年)?\s*[—–\-－~～至到]+\s*(\d{4})\s*年?\s*[）)]\s*$")
LEVELS = {"市": "City", "省": "Province", "区": "District", "县": "County"}
# Document types named like things: "City Opportunity List", not "List on City Opportunity".
NAMED_DOCS = {"List", "Map", "Report", "Index Report", "Catalogue", "White Paper", "Action", "Programme", "Industry Map"}
SUFFIXES = ("产业", "行业")  # an industry name as written may still end so (field_name drops most)
# Numbers a glossary cannot list: 第八批 -> "8th" + 批 (batch, the glossary's), 2024年(度) -> "2024",
# 三年 -> "three-year", 四大 -> "four major", 36个 -> "36". A listed word wins a tie (二〇三五年, 第十四个五年).
NUMERALS = "〇零一二两三四五六七八九十百"
NUMBER = rf"(?:\d+|[{NUMERALS}]+)"
NUMBERED = re.compile(rf"(?<![\d{NUMERALS}])(?:第(?P<ordinal>{NUMBER})|(?P<year>\d{{4}})年度?"
                      rf"|(?P<count>{NUMBER})(?P<unit>年|大|个))")
COUNT_WORDS = ("zero one two three four five six seven eight nine ten").split()
UNITS = {"年": "{}-year", "大": "{} major", "个": "{}"}


@dataclass(frozen=True)
class Word:
    english: str
    kind: str = ""  # "" | org | zone | doc | verb | action | join | about (english_glossary.tsv)
    noun: str = ""
    source: str = "glossary"  # glossary | industry | place | institution | romanised | latin


@lru_cache(maxsize=1)
def glossary() -> dict[str, Word]:
    """english_glossary.tsv: {Chinese term: Word} (read once)."""
    return {r["term"]: Word(r["english"], r.get("kind", ""), r.get("noun", "")) for r in read_tsv(GLOSSARY)}


class Namer:
    """Composes English names from one gazetteer's catalogues and the glossary."""

    def __init__(self, g: Gazetteer) -> None:
        self.g = g
        words = glossary()
        industries: dict[str, Word] = {}
        places: dict[str, Word] = {}
        institutions: dict[str, Word] = {}
        for entry in g.entries.values():
            english = entry.props.get("english")
            if not english:
                continue
            english = english.split("|")[0]
            target = {"Industry": industries, "City": places, "Province": places, "Region": places,
                      "Zone": places, "Institution": institutions}.get(entry.label)
            if target is None:
                continue
            source = {"Industry": "industry", "Institution": "institution"}.get(entry.label, "place")
            for surface in (entry.name, *entry.aliases):
                if len(surface) >= 2 and CJK.search(surface):
                    target.setdefault(surface, Word(english, source=source))
        # The short name of a county-level division names it in compounds (肥西 of 肥西县), unless
        # it is an ordinary word (新兴, emerging, of 新兴县).
        for (label, name), entry in g.entries.items():
            if (label == "Zone" and entry.props.get("kind") == "county" and len(name) >= 3
                    and entry.props.get("english") and name[:-1] not in words):
                bare = entry.props["english"].rsplit(" ", 1)[0] if name[-1] in "区县旗" else entry.props["english"]
                places.setdefault(name[:-1], Word(bare, source="place"))
        # One lexicon per way of naming; on a shared surface the first listed wins.
        self.industry_lex = _merge(industries, words, places)
        named = {k: w for k, w in words.items() if len(k) > 1 or w.kind in ("org", "zone") or k in LEVELS}
        self.name_lex = _merge(places, institutions, named, industries)
        self.policy_lex = _merge(places, institutions, words, industries)

    # --- by label ---------------------------------------------------------------------------------
    def name(self, label: str, name: str, parent: str | None = None) -> str:
        entry = self.g.entries.get((label, name))
        if entry is not None and entry.props.get("english"):
            return entry.props["english"]
        if not CJK.search(name):
            return _latin(name).strip() or name
        if label == "Industry":
            out = self.industry(name, parent)
        elif label == "Policy":
            out = self.policy(name)
        else:
            out = self.proper(name)
        return _clean(out) or _clean(_romanise(name, capital=True))

    def industry(self, name: str, parent: str | None = None) -> str:
        for suffix in SUFFIXES:
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                body = self.industry(name[: -len(suffix)], parent)
                return f"{body} {glossary().get(suffix, Word(suffix)).english}"
        head = None
        if parent and name.endswith(parent) and len(name) > len(parent) and parent in self.industry_lex:
            head = parent
        else:
            head = next((name[k:] for k in range(1, len(name) - 1)
                         if self.industry_lex.get(name[k:], Word("")).source == "industry"), None)
        if head:
            words = [_word_english(t, industry=True) for t in self.segment(name[: -len(head)], self.industry_lex)]
            words.append(_lower_first(self.industry_lex[head].english))
        else:
            words = [_word_english(t, industry=True) for t in self.segment(name, self.industry_lex)]
        return _sentence(" ".join(w for w in words if w))

    def proper(self, name: str) -> str:
        """An institution's or zone's name: every part in Title Case, in the order written."""
        return " ".join(_title_part(t) for t in _joined(self.segment(name, self.name_lex)))

    def policy(self, name: str) -> str:
        """'Issuer: Document type on/for subject (years)', or for a named list, map, programme …
        its parts in the order written ("City Opportunity List")."""
        title = name.strip().strip("《》").strip()
        years = ""
        m = YEARS.search(title)
        if m:
            years, title = f" ({m.group(1)}–{m.group(2)})", title[: m.start()].strip()
        tokens = self.segment(title, self.policy_lex)
        # an unlisted place: 某市 -> Mou City (listed ones are one word: 合肥市)
        placed: list[tuple[str, Word]] = []
        for t in tokens:
            if t[0] in LEVELS and placed and placed[-1][1].source == "romanised":
                t = (placed[-1][0] + t[0], Word(f"{placed.pop()[1].english} {LEVELS[t[0]]}", source="place"))
            placed.append(t)
        tokens = placed
        doc = tokens[-1] if tokens and tokens[-1][1].kind == "doc" else None
        if doc is None or doc[1].english in NAMED_DOCS:
            return " ".join(_title_part(t) for t in _joined(tokens)) + years
        body = tokens[:-1]
        about = next((k for k, (_s, w) in enumerate(body) if w.kind == "about"), None)
        if about is not None:
            issuer, subject = body[:about], body[about + 1:]
        else:
            k = 0
            while k < len(body) and (body[k][1].source in ("place", "institution")
                                     or body[k][1].kind in ("org", "zone", "join") or body[k][0] == "中共"):
                k += 1
            while k > 0 and body[k - 1][1].kind == "join":
                k -= 1
            issuer, subject = body[:k], body[k:]
        while subject and subject[-1][1].kind == "join":
            subject = subject[:-1]
        doc_en = doc[1].english
        out = doc_en
        if subject and subject[0][1].kind == "issue" and len(subject) > 1:  # 关于印发《X》的通知
            inner = self.policy("".join(t[0] for t in subject[1:]))
            out = f'{out} on {subject[0][1].english.capitalize()} "{inner}"'
        elif subject:
            link = "for" if re.search(r"\b(Plan|Programme|Outline|Guidelines)\b", doc_en) else "on"
            out = f"{out} {link} {_title(_subject(subject), first=False)}"
        if issuer:
            out = f"{_issuer(issuer)}: {out}"
        return out + years

    # --- words --------------------------------------------------------------------------------------
    def segment(self, text: str, lex: dict[str, Word]) -> list[tuple[str, Word]]:
        """`text` as known words: the fewest unknown characters, then the fewest words (上海 + 市委
        rather than 上海市 + 委), then the shorter word first (the head, which English also ends
        with, whole: 宽禁带 + 半导体材料, not 宽禁带半导体 + 材料); runs of unknown Chinese characters
        romanised as one word, Latin letters and digits kept."""
        longest = _longest(lex)
        n = len(text)
        # best[i]: (unknown characters, words) for text[i:]; step[i]: the length of the word at i (0: unknown)
        best: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        step = [0] * (n + 1)
        numbers: dict[int, Word] = {}
        for i in range(n - 1, -1, -1):
            cjk = bool(CJK.match(text[i]))
            u, w = best[i + 1]
            choice, length = ((u + 1, w + 1), 0) if cjk else ((u, w), -1)
            for m in range(1, min(longest, n - i) + 1) if cjk else ():  # on a tie the shorter word first
                if text[i:i + m] in lex:                                 # 宽禁带 + 半导体材料
                    u, w = best[i + m]
                    if (u, w + 1) < choice:
                        choice, length = (u, w + 1), m
            number = NUMBERED.match(text, i)
            if number:  # digits followed by 年, 大 … always read as one
                u, w = best[number.end()]
                if (u, w + 1) < choice or not cjk:
                    choice, length = (u, w + 1), number.end() - i
                    numbers[i] = _number(number)
            best[i], step[i] = choice, length
        out: list[tuple[str, Word]] = []
        i = 0
        while i < n:
            if step[i] > 0:
                out.append((text[i:i + step[i]], numbers.get(i) or lex[text[i:i + step[i]]]))
                i += step[i]
                continue
            j = i
            latin = step[i] < 0
            while j < n and step[j] <= 0 and (step[j] < 0) == latin:
                j += 1
            if latin:
                english = _latin(text[i:j]).strip()
                if english:
                    out.append((text[i:j], Word(english, kind="join" if english == "," else "", source="latin")))
            else:
                out.append((text[i:j], Word(_romanise(text[i:j]), source="romanised")))
            i = j
        return out


def english_name(g: Gazetteer, label: str, name: str, parent: str | None = None) -> str:
    """The English name of node (label, name): the catalogue's, else one composed from its parts."""
    return namer(g).name(label, name, parent)


def renamed(old: tuple[str, str], new: tuple[str, str], english: str, parent: str | None = None) -> str:
    """A node's English name once an analyst renames or relabels it (graph/corrections.py): one
    composed from its old name is composed anew from the new one (the analyst's name, in English);
    any other (a catalogue's, one given by hand) stays as it is."""
    from .gazetteer import load

    g = load()
    if old in g.entries or english != english_name(g, old[0], old[1], parent):
        return english
    return english_name(g, new[0], new[1], parent)


def fill_store(store, g: Gazetteer | None = None) -> int:
    """Give every node in `store` that has no English name one (a store written before names were
    composed for open vocabulary, a node an analyst added); returns how many were named. A node
    that has one keeps it."""
    from graph.model import NODE_LABELS

    from .gazetteer import load

    named = 0
    for label in sorted(NODE_LABELS):
        names = store.unnamed(label)
        if names:
            g = g or load()
            named += store.name_in_english(label, {name: english_name(g, label, name) for name in names})
    return named


def namer(g: Gazetteer) -> Namer:
    """The gazetteer's Namer (built on first use, then kept on it)."""
    n = getattr(g, "_english_namer", None)
    if n is None:
        n = Namer(g)
        g._english_namer = n
    return n


# --- helpers ----------------------------------------------------------------------------------------

def _merge(*lexicons: dict[str, Word]) -> dict[str, Word]:
    out: dict[str, Word] = {}
    for lex in lexicons:
        for k, w in lex.items():
            out.setdefault(k, w)
    return out


_LONGEST: dict[int, int] = {}


def _longest(lex: dict) -> int:
    n = _LONGEST.get(id(lex))
    if n is None:
        n = _LONGEST[id(lex)] = max((len(k) for k in lex), default=1)
    return n


@lru_cache(maxsize=4096)
def _romanise(text: str, capital: bool = True) -> str:
    """Hanyu pinyin as one word (an apostrophe where a syllable starting a, o or e follows another):
    the common way a Chinese brand or place is written in English (某某 -> Moumou)."""
    from pypinyin import lazy_pinyin

    out = ""
    for syllable in lazy_pinyin(text, v_to_u=True):
        if CJK.search(syllable):
            continue  # a character pypinyin does not know
        syllable = _latin(syllable)
        if out and syllable[:1] in ("a", "o", "e") and out[-1:].isalpha():
            out += "'"
        out += syllable
    return out[:1].upper() + out[1:] if capital else out


def _number(m: re.Match) -> Word:
    """A NUMBERED match in English: "8th", "2024", "three-year", "four major"."""
    if m.group("year"):
        return Word(m.group("year"))
    k = _integer(m.group("ordinal") or m.group("count"))
    if m.group("ordinal"):
        suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
        return Word(f"{k}{suffix}")
    return Word(UNITS[m.group("unit")].format(COUNT_WORDS[k] if k <= 10 else k))


def _integer(text: str) -> int:
    """3, 三, 十二, 二十, 一百 -> int (Chinese numerals up to the hundreds, or digit by digit: 二〇二五)."""
    if text.isdigit():
        return int(text)
    digits = {c: k for k, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
    if "十" not in text and "百" not in text:
        return int("".join(str(digits[c]) for c in text))
    total, current = 0, 0
    for c in text:
        if c in digits:
            current = digits[c]
        else:
            total += (current or 1) * (10 if c == "十" else 100)
            current = 0
    return total + current


def _latin(text: str) -> str:
    return "".join(PUNCTUATION.get(c, c) for c in text)


def _issuer(tokens: list[tuple[str, Word]]) -> str:
    """Who issues a policy: 中共上海市委上海市人民政府 -> CPC Shanghai Municipal Party Committee and
    Shanghai People's Government (a second body after a first one is joined by 'and')."""
    parts: list[str] = []
    for k, t in enumerate(_joined(tokens)):
        if k and t[1].kind != "join" and tokens[k - 1][1].kind == "org" and t[1].kind != "org":
            parts.append("and")
        parts.append(_title_part(t))
    return " ".join(parts)


def _joined(tokens: list[tuple[str, Word]]) -> list[tuple[str, Word]]:
    """A one-character conjunction between two known words is 'and' (基础与应用基础研究); within a
    romanised brand it stays part of it (商和)."""
    out = list(tokens)
    for k in range(1, len(out) - 1):
        surface, w = out[k]
        join = glossary().get(surface)
        if (w.source == "romanised" and join is not None and join.kind == "join"
                and out[k - 1][1].source != "romanised" and out[k + 1][1].source != "romanised"):
            out[k] = (surface, join)
    return out


def _word_english(token: tuple[str, Word], industry: bool = False) -> str:
    _surface, w = token
    if w.source == "romanised":
        return w.english.lower() if industry else w.english
    english = w.noun if (industry and w.noun) else w.english
    if w.source == "industry":
        return _lower_first(english.split("|")[0])
    return english


def _title_part(token: tuple[str, Word]) -> str:
    _surface, w = token
    if w.source in ("place", "institution", "romanised", "latin"):
        return w.english
    return _title(w.noun if w.kind == "verb" and w.noun else _word_english(token), first=False)


def _subject(tokens: list[tuple[str, Word]]) -> str:
    """A policy's subject in English word order: 加快发展X -> accelerating the development of X; a
    verb after other words starts a clause of its own (…, and solidly advancing …)."""
    clauses: list[list] = [[]]
    for k, t in enumerate(tokens):
        w = t[1]
        last = all(x[1].kind == "join" for x in tokens[k + 1:])  # 建设 ending …中心建设 is its noun
        starts = w.kind == "adv" or (w.kind == "verb" and not last
                                     and (k == 0 or tokens[k - 1][1].kind not in ("verb", "adv")))
        if starts and clauses[-1] and any(x[1].kind not in ("adv", "verb", "join") for x in clauses[-1]):
            clauses.append([])
        clauses[-1].append(t)
    return " and ".join(_clause(c) for c in clauses if c)


def _clause(tokens: list[tuple[str, Word]]) -> str:
    adverbs = []
    while tokens and tokens[0][1].kind == "adv":
        adverbs.append(tokens[0][1].english)
        tokens = tokens[1:]
    if tokens and tokens[0][1].kind == "verb":
        words = [*adverbs, tokens[0][1].english, _noun_phrase(tokens[1:])]
    else:
        words = [*adverbs, _noun_phrase(tokens)]
    return " ".join(w for w in words if w)


def _noun_phrase(tokens: list[tuple[str, Word]]) -> str:
    if not tokens:
        return ""
    first, last = tokens[0][1], tokens[-1][1]
    if first.kind == "verb" and len(tokens) > 1:
        return f"the {first.noun or first.english} of {_noun_phrase(tokens[1:])}"
    if len(tokens) > 1 and (last.kind == "action" or (last.kind == "verb" and last.noun)):
        return f"the {last.noun or last.english} of {_plain(tokens[:-1])}"
    return _plain(tokens)


def _plain(tokens: list[tuple[str, Word]]) -> str:
    words = []
    for t in tokens:
        w = t[1]
        if w.kind == "verb" and w.noun:  # a verb among nouns is one: 产业发展政策 -> industry development policies
            words.append(w.noun)
        else:
            words.append(_word_english(t, industry=w.source == "industry"))
    return " ".join(x for x in words if x)


def _title(text: str, first: bool = True) -> str:
    words = text.split(" ")
    out = []
    for k, word in enumerate(words):
        if word and (word.lower() not in SMALL_WORDS or (k == 0 and first)):
            word = word[0].upper() + word[1:]
        out.append(word)
    return " ".join(out)


def _lower_first(text: str) -> str:
    """A catalogue name inside a longer one: 'Semiconductor materials' -> 'semiconductor materials';
    acronyms and proper names (AI, 6G, Internet of Things) stay as written."""
    words = text.split(" ")
    if (len(words[0]) > 1 and words[0][0].isupper() and words[0][1:2].islower()
            and not any(w[:1].isupper() for w in words[1:])):
        return text[0].lower() + text[1:]
    return text


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _clean(text: str) -> str:
    """No Chinese left, single spaces, no space before punctuation."""
    text = CJK.sub("", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,;:)])", r"\1", text)
    text = re.sub(r"\(\s+", "(", text)
    text = re.sub(r'"\s*([^"]*?)\s*"', r'"\1"', text)
    return text.strip(" ,;:")
