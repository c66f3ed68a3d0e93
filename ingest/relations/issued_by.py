"""ISSUED_BY: the city, province or body that issued a policy.

A plan named after its place (杭州市…规划) is that place's; "X发布《…》" names
the body; "成都的“蓉漂计划”" names the owner in the possessive.
"""
from __future__ import annotations

from .clauses import Found, Sentence


def find(s: Sentence) -> list[Found]:
    if not s.has("Policy"):
        return []
    cfg = s.rules.relations.ISSUED_BY
    mentions = s.mentions
    verbs = [end for _, end in s.spans("ISSUED_BY.verbs")]
    found = []
    for i, m in enumerate(mentions):
        if m.label != "Policy":
            continue
        if m.place is not None:
            found.append(Found("ISSUED_BY", m.key, m.place, cfg.prefix_confidence, False, m.start))
            # 香港特别行政区政府发布《香港…蓝图》: the body that issued it, besides the place it is of.
            issuer = _verb_issuer(mentions, i, verbs, labels=("Institution",))
            if issuer is not None:
                found.append(Found("ISSUED_BY", m.key, issuer, cfg.base_confidence, False, m.start))
            continue
        # 成都的“蓉漂计划”: the owner in the possessive.
        if i > 0 and mentions[i - 1].label in ("City", "Province", "Institution") \
                and s.text[mentions[i - 1].end:m.start] in cfg.possessive_links:
            found.append(Found("ISSUED_BY", m.key, mentions[i - 1].key, cfg.possessive_confidence, False, m.start))
            continue
        issuer = _verb_issuer(mentions, i, verbs)
        if issuer is not None:
            found.append(Found("ISSUED_BY", m.key, issuer, cfg.base_confidence, False, m.start))
    return found


def _verb_issuer(mentions, i: int, verbs: list[int],
                 labels=("City", "Province", "Institution")) -> tuple[str, str] | None:
    """The nearest City / Province / Institution before an issuing verb before the policy."""
    m = mentions[i]
    before = [v for v in verbs if v <= m.start]
    if not before:
        return None
    issuers = [a for a in mentions[:i] if a.label in labels and a.end <= before[-1]]
    return issuers[-1].key if issuers else None
