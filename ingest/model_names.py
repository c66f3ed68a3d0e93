"""Names the gazetteer and patterns missed, proposed by the statistical recogniser and labelled by rules.

The gazetteer stays first (precise, canonical, with aliases); the model only
fills gaps. An ORG proposal is an Institution, or a Zone when it ends like one;
a LOC proposal is a Zone only when it ends like one (other LOCs are places the
gazetteer already knows, or generic). A proposal that starts with a city the
gazetteer found (天津大学, 宁德时代) takes that city as where it is.
"""
from __future__ import annotations

import bisect

from .gazetteer import Gazetteer
from .mention import Mention
from .rules import Rules

MODEL_SOURCE = "model"
_REPLACEABLE = ("City", "Province")  # a name may start with a place it then sits in


class ModelNames:
    def __init__(self, rules: Rules, g: Gazetteer, tagger):
        cfg = rules.model
        self.cfg = cfg
        self.g = g
        self.tagger = tagger
        self.zone_ends = tuple(sorted(set(rules.names.zone_suffixes) | set(cfg.zone_heads), key=len, reverse=True))
        self.reject_chars = set(cfg.reject_chars)
        self.reject_words = set(cfg.reject_words)
        self.reject_endings = tuple(cfg.reject_endings)
        self.zone_generic = set(rules.names.zone_generic)
        self.plan_words = tuple(rules.names.policy_title_words)
        # 国家重点, 中共: a name opening like an official body must end like one (the patterns' job).
        self.official_prefixes = tuple(rules.names.institution_prefixes)
        self.firm_tails = tuple(sorted(cfg.firm_name_tails, key=len, reverse=True))

    def propose(self, sentences: list[tuple[int, str]], mentions: list[Mention]) -> list[Mention]:
        """`mentions` (sorted, document offsets) with the model's additions for the given
        (offset, simplified sentence) pairs."""
        if not sentences:
            return mentions
        added: list[Mention] = []
        replaced: set[int] = set()
        starts = [m.start for m in mentions]  # sorted, and mentions do not overlap

        def overlapping(s: int, e: int) -> list[int]:
            lo = max(0, bisect.bisect_right(starts, s) - 1)
            return [k for k in range(lo, bisect.bisect_left(starts, e)) if mentions[k].end > s]

        for (offset, text), words in zip(sentences, self.tagger.tag([t for _, t in sentences])):
            for n, (start, end, word, tag) in enumerate(words):
                label = self._label(word, tag)
                if label is None or (label == "Institution" and len(word) <= self.cfg.short_name_chars
                                     and not _acts(words, n, self.cfg)):
                    continue
                s, e = offset + start, offset + end
                if added and s < added[-1].end:
                    continue  # the previous name took this word as its field (芯德 + 半导体)
                covered = overlapping(s, e)
                place = None
                if covered:
                    first = mentions[covered[0]]
                    if (len(covered) == 1 and first.start == s and first.end < e and e - first.end >= 2
                            and first.label in _REPLACEABLE and label == "Institution"):
                        place = first.key  # 天津大学 -> 天津, 浙江省…厅 -> 浙江
                        replaced.add(covered[0])
                    else:
                        continue  # what the gazetteer or a pattern found stands
                if label == "Institution":  # 芯德 + 半导体 -> 芯德半导体: the field word joins the name
                    tail = next((t for t in self.firm_tails if text.startswith(t, end)), "")
                    if tail:
                        inside = overlapping(e, e + len(tail))
                        if all(e <= mentions[k].start and mentions[k].end <= e + len(tail) for k in inside):
                            replaced.update(inside)
                            e, word = e + len(tail), word + tail
                added.append(Mention(s, e, label, word, MODEL_SOURCE, place=place))
        if not added:
            return mentions
        kept = [m for k, m in enumerate(mentions) if k not in replaced]
        return sorted(kept + added, key=lambda m: m.start)

    def _label(self, word: str, tag: str) -> str | None:
        """Institution, Zone or None (not a name) for one proposal."""
        cfg = self.cfg
        if tag not in ("ORG", "LOC") or not (cfg.min_chars <= len(word) <= cfg.max_chars):
            return None
        if any(c in self.reject_chars for c in word) or word in self.reject_words or word in self.g.generic:
            return None
        if (word.endswith(self.reject_endings) or word.startswith(self.official_prefixes)
                or word.startswith(tuple(cfg.reject_starts))):
            return None
        if any(w in word for w in self.plan_words):
            return None  # 上海低空经济行动方案经市政府: a plan's name run into its issuer
        if word.endswith(self.zone_ends):
            return None if word in self.zone_generic else "Zone"
        return "Institution" if tag == "ORG" else None


def _acts(words: list, n: int, cfg) -> bool:
    """A short brand name counts when the text uses it as an actor (Conventions 4): it opens its
    clause or follows a separator, and a verb, separator or particle follows it."""
    before = words[n - 1][3] if n else "w"
    after = words[n + 1][3] if n + 1 < len(words) else "w"
    return before in cfg.short_name_before and after in cfg.short_name_after
