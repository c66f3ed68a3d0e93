"""Relationship candidates and what the scorer knows about each.

Every pair of mentions in one sentence whose labels a relationship type allows
is a candidate; so is every relationship a rule found (its ends may lie outside
the sentence: a province from the place data, a plan's contents), and every
industry in a sentence that names no place, paired with the place the paragraph
is about, and the city of a zone that targets an industry. A candidate is a
document-level triple (type, head, tail); each sentence it stands in adds an
instance, and its features are the union of its instances' features (a pair
that a trigger joins in any one sentence is joined).

Features are strings, so the model file is readable and the code has no
hand-set weights: which words stand between the ends, how far apart they are,
whether a rule fired and how sure it was, list and clause structure, negation
and decline words, the labels and where each end came from.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from .mention import PLACE_LABELS, Mention
from .government import ISSUERS_ONLY
from .places import document_city_and_province
from .relations import Found, Sentence
from .relations.targets import subject_place

# Which labels may stand at each end of each type (ANNOTATION.md).
ALLOWED = {
    "TARGETS": (frozenset(PLACE_LABELS), frozenset({"Industry"})),
    "SUPPORTS": (frozenset({"Policy", "Institution"}), frozenset({"Industry"})),
    "LOCATED_IN": (frozenset({"Institution", "Zone", "City"}), frozenset({"City", "Province", "Region"})),
    "ISSUED_BY": (frozenset({"Policy"}), frozenset({"City", "Province", "Institution"})),
}
TYPES = tuple(ALLOWED)

GAPS = (0, 2, 5, 10, 20, 40)


@dataclass
class Reading:
    """One sentence as the rules read it: its span in the document, the Sentence (simplified
    text and mentions at sentence offsets), the place the paragraph was about when the sentence
    began, and what the rules found."""

    span: tuple[int, int]
    sentence: Sentence
    topic: tuple[str, str] | None
    found: list[Found]
    index: int = 0  # the sentence's number in the document


@dataclass
class Instance:
    span: tuple[int, int]  # the evidence sentence
    rule: Found | None  # what a rule said of this pair in this sentence
    inferred: bool  # the head is not in the sentence (paragraph or document place)
    at: int = -1
    features: set[str] = field(default_factory=set)  # what this sentence says of the pair


@dataclass
class Candidate:
    type: str
    head: tuple[str, str]
    tail: tuple[str, str]
    features: set[str] = field(default_factory=set)
    instances: list[Instance] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, tuple[str, str], tuple[str, str]]:
        return (self.type, self.head, self.tail)

    def only_model_found(self) -> bool:
        """Is an end known only from the statistical name model (no gazetteer, pattern or rule)?"""
        return any({f for f in self.features if f.startswith(side + "src=")} == {side + "src=model"}
                   for side in ("h", "t"))


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f">{edges[-1]}"


class CandidateBuilder:
    """build(readings, topic, mentions) -> candidates of one document."""

    def __init__(self, rules, gazetteer):
        self.rules = rules
        self.gazetteer = gazetteer
        cfg = rules.scorer
        self.lexicons = cfg.between_lexicons
        self.negation = cfg.negation
        self.decline = cfg.decline
        self.clause_ends = set(rules.chars.clause_ends)
        self.pair_window = cfg.pair_window
        self.max_instances = cfg.max_instances
        self.look_back = cfg.look_back
        self.look_back_types = frozenset(cfg.look_back_types)
        self.city_deixis = cfg.city_deixis
        self.province_deixis = cfg.province_deixis
        self.semicolons = set(rules.chars.subject_barriers)

    def build(self, readings: list[Reading], topic: tuple[str, str] | None,
              mentions: list[Mention]) -> list[Candidate]:
        out: dict[tuple, Candidate] = {}
        named = {}
        for m in mentions:
            named[m.key] = named.get(m.key, 0) + 1
        places = self._document_places(topic, mentions)
        for k, r in enumerate(readings):
            self._sentence(r, out, places)
            self._earlier(r, readings[max(0, k - self.look_back):k], out, places)
        self._zone_city(out, mentions, places.get("city"))
        for c in out.values():
            n = len({i.span for i in c.instances})
            c.features.add("nsent=" + _bucket(n, (1, 2, 4)))
            if topic is not None and c.head == topic:
                c.features.add("head=topic")
            c.features.add("hnamed=" + _bucket(named.get(c.head, 0), (0, 1, 3, 6)))
            c.features.add("tnamed=" + _bucket(named.get(c.tail, 0), (0, 1, 3, 6)))
            if all(i.inferred for i in c.instances):
                c.features.add("only_inferred")
            if all(i.rule is None for i in c.instances):
                c.features.add("no_rule")
            if c.type == "LOCATED_IN":
                c.features.add("geo=" + self._where(c.head, c.tail))
            # Every feature again, tagged with whether a rule found the pair: what a word says of a
            # pair the rules took differs from what it says of one they passed over.
            tag = "R:" if "rule" in c.features else "N:"
            c.features |= {tag + f for f in c.features}
        return list(out.values())

    def _zone_city(self, out: dict, mentions: list[Mention], document_city) -> None:
        """What a district or park of a city targets, the city is often said to target too
        (Conventions 6: 阳曲县重点发展食品加工 gives 太原 食品加工): each zone's TARGETS candidate
        gives one for the city the place lists or its name put it in, carrying the zone pair's
        features, tagged "Z:", for the scorer to weigh. Where the city is already a candidate for
        the field, it is only marked as seconded by its zone."""
        city_of: dict[tuple[str, str], tuple[str, str]] = {}
        for m in mentions:
            if m.label == "Zone" and m.place is not None and m.place[0] == "City":
                city_of.setdefault(m.key, m.place)
        for key, entry in ((k, self.gazetteer.entries.get(k)) for k in {c.head for c in out.values()}):
            if key[0] == "Zone" and entry is not None and entry.props.get("city"):
                city_of[key] = ("City", entry.props["city"])
        for c in [c for c in out.values() if c.type == "TARGETS" and c.head in city_of]:
            key = ("TARGETS", city_of[c.head], c.tail)
            # Annotators give the city its zones' fields in a text about that city or about no one
            # city (a province's plan), seldom in a text about another city.
            whose = "via=zone_city_" + ("document" if key[1] == document_city else
                                        "other" if document_city is not None else "no_document_city")
            if key in out:  # the city's own sentences speak for it; the zone only seconds them
                out[key].features |= {"via=zone_city", whose}
                continue
            if whose == "via=zone_city_other":
                continue  # a text about another city names this one's zones in passing
            zone_feats = {"Z:" + f for f in c.features} | {"via=zone_city", whose}
            for inst in c.instances[:self.max_instances]:
                self._add(out, key, set(zone_feats), None, Instance(inst.span, None, True, inst.at))

    def _document_places(self, topic, mentions: list[Mention]) -> dict[str, tuple[str, str]]:
        """The places the document is about, for sentences that name none or point at them (我市,
        全省): "topic" (the most mentioned place, when clearly ahead), "city" (the topic if a city,
        else the most mentioned city) and "province" (the most mentioned province, else the city's)."""
        out = {}
        if topic is not None:
            out["topic"] = topic
        city, province = document_city_and_province(topic, mentions, self.gazetteer)
        if city is not None:
            out["city"] = city
        if province is not None:
            out["province"] = province
        return out

    def _where(self, head: tuple[str, str], tail: tuple[str, str]) -> str:
        """What the national place lists say of `head` LOCATED_IN `tail`, whatever the text says:
        "in" (a city's province, a district's or a listed body's city), "in_city_province" (the
        province of the city it is in), "member" (a region listing it or its province),
        "elsewhere" (the lists put it in another place of that kind), "contains" (the other way
        round), or "unknown". Known facts, not read from any text: the scorer learns how often
        annotators give each."""
        g = self.gazetteer

        def props(key):
            entry = g.entries.get(key)
            return entry.props if entry is not None else {}

        def cities_of(key) -> set[str]:
            p = props(key)
            return set(filter(None, [p.get("city"), *(p.get("cities") or ())]))

        def province_of_city(name: str) -> str | None:
            return props(("City", name)).get("province")

        h, t = props(head), props(tail)
        if head[0] == "City":
            province = h.get("province")
            if tail[0] == "Province" and province:
                return "in" if province == tail[1] else "elsewhere"
            if tail[0] == "City":
                return "contains" if province_of_city(tail[1]) == head[1] else "elsewhere" if province else "unknown"
            if tail[0] == "Region":
                members = set(t.get("members") or ())
                return "member" if head[1] in members or province in members else "unknown"
            return "unknown"
        cities = cities_of(head)
        if not cities:
            return "unknown"
        if tail[0] == "City":
            return "in" if tail[1] in cities else "elsewhere"
        if tail[0] == "Province":
            provinces = {province_of_city(c) for c in cities}
            return "in_city_province" if tail[1] in provinces else "elsewhere"
        if tail[0] == "Region":
            members = set(t.get("members") or ())
            provinces = {province_of_city(c) for c in cities}
            return "member" if members & (cities | provinces) else "unknown"
        return "unknown"

    # --- one sentence -----------------------------------------------------------------
    def _sentence(self, r: Reading, out: dict, places: dict) -> None:
        s = r.sentence
        rules_here = {(f.type, f.head, f.tail): f for f in r.found}
        context = _SentenceContext(s, self)
        context.index_rules(rules_here)
        if r.index == 0:
            context.common.add("first_sentence")
        ms = s.mentions
        # Media (bylines, photo credits) take no relationships (Conventions 4).
        media = {m.key for m in ms if m.label == "Institution" and s.body_kind(m) == "media"}
        issuers = {m.key for m in ms if m.props.get("body") in ISSUERS_ONLY}  # no SUPPORTS (ingest/government.py)
        paired = set()
        window = self.pair_window
        for i, a in enumerate(ms):
            # pairs within reach of each other (a rule may join ends further apart): the work per
            # sentence stays linear in its mentions, whatever its length
            lo = bisect.bisect_left(context.starts, a.start - window)
            hi = bisect.bisect_right(context.starts, a.end + window)
            for j in range(lo, hi):
                b = ms[j]
                if a.key == b.key or a.key in media or b.key in media:
                    continue
                for rtype, (heads, tails) in ALLOWED.items():
                    if a.label not in heads or b.label not in tails:
                        continue
                    if rtype == "SUPPORTS" and a.key in issuers:
                        continue
                    key = (rtype, a.key, b.key)
                    if key in out and len(out[key].instances) >= self.max_instances:
                        paired.add(key)  # said often enough: more sentences add nothing to learn from
                        continue
                    feats = context.pair(i, j)
                    feats |= context.rule_neighbours(rtype, i, j)
                    rule = rules_here.get(key)
                    inst = Instance(r.span, rule, False, b.start)
                    self._add(out, key, feats, rule, inst)
                    paired.add(key)
                    if rtype == "ISSUED_BY" and b.key in issuers and b.place is not None:
                        # 长春市委、市政府印发《…》: annotators often give the city as the issuer too
                        by_place = (rtype, a.key, b.place)
                        if by_place not in paired:
                            self._add(out, by_place, feats | {"via_body"}, rules_here.get(by_place),
                                      Instance(r.span, rules_here.get(by_place), True, b.start))
                            paired.add(by_place)
        self._named_for(context, out, r, media)
        for key, f in rules_here.items():
            if key in paired or f.type not in ALLOWED or (f.type == "SUPPORTS" and key[1] in issuers):
                continue
            feats = set(context.common)
            feats.add("unpaired")
            feats |= context.end_features(key[1], "h") | context.end_features(key[2], "t")
            self._add(out, key, feats, f, Instance(r.span, f, f.inferred, f.at))
        # Places the sentence does not name but means: the paragraph's place when it names none, the
        # document's places, and those its deixis points at (我市 -> the city, 全省 -> the province).
        here = {m.key for m in ms}
        implied: dict[tuple[str, str], set[str]] = {}
        if r.topic is not None and not s.has(*PLACE_LABELS):
            implied.setdefault(r.topic, set()).add("via=paragraph")
        for role, place in places.items():
            if place not in here:
                implied.setdefault(place, set()).add("via=document_" + role)
        for role, words in (("city", self.city_deixis), ("province", self.province_deixis)):
            if role in places and any(w in s.text for w in words):
                implied.setdefault(places[role], set()).add("via=deixis_" + role)
        for place, how in implied.items():
            if place in here:
                continue
            for j, b in enumerate(ms):
                if b.label != "Industry":
                    continue
                key = ("TARGETS", place, b.key)
                feats = context.inherited(j) | how
                self._add(out, key, feats, rules_here.get(key), Instance(r.span, rules_here.get(key), True, b.start))
        self._in_document_city(context, out, r, places, media)

    def _in_document_city(self, context: "_SentenceContext", out: dict, r: Reading, places: dict,
                          media: set) -> None:
        """A zone or body in a text about one city, in a sentence that does not name that city, is
        often in it (引进A公司落户…, 南朗镇…): each is a LOCATED_IN candidate with the document's
        city, and the scorer learns from the name, the words around it and the place lists how
        often that holds."""
        city = places.get("city")
        s = context.s
        if city is None or any(m.key == city for m in s.mentions):
            return
        for i, a in enumerate(s.mentions):
            if a.label not in ("Zone", "Institution") or a.key in media:
                continue
            key = ("LOCATED_IN", a.key, city)
            if key in out and len(out[key].instances) >= self.max_instances:
                continue
            feats = set(context.common) | context._mention(i, "h") | {"via=document_city", "doc_city_lab=" + a.label}
            self._add(out, key, feats, None, Instance(r.span, None, True, a.start))

    def _named_for(self, context: "_SentenceContext", out: dict, r: Reading, media: set) -> None:
        """A park, plan or body named for a field (低空经济未来产业先导区, 国家乳业技术创新中心)
        may be about it even where the sentence names the field nowhere else: the field inside
        the name pairs with it (a zone TARGETS it, a plan or body SUPPORTS it)."""
        s = context.s
        here = {m.key for m in s.mentions}
        for i, a in enumerate(s.mentions):
            rtype = NAMED_FOR.get(a.label)
            if rtype is None or a.key in media:
                continue
            name = s.text[a.start:a.end]
            taken: list[tuple[int, int]] = []
            for start, end, _surface, key in sorted(self.gazetteer.find(name), key=lambda f: f[0] - f[1]):
                if key[0] != "Industry" or key in here or any(start < e and b < end for b, e in taken):
                    continue
                taken.append((start, end))
                pair = (rtype, a.key, key)
                if pair in out and len(out[pair].instances) >= self.max_instances:
                    continue
                feats = set(context.common) | context._mention(i, "h")
                feats |= {"in_name", "in_name_lab=" + a.label, "in_name_after=" + (name[end:end + 2] or "$"),
                          "in_name_at=" + ("start" if start == 0 else "inside")}
                self._add(out, pair, feats, None, Instance(r.span, None, False, a.start))

    # Which end a sentence's mention may take from an earlier sentence, per type: (here, there).
    EARLIER = {"TARGETS": ("tail", frozenset(PLACE_LABELS)),
               "SUPPORTS": ("tail", frozenset({"Policy", "Institution"})),
               "LOCATED_IN": ("head", frozenset({"City", "Province", "Region"}))}

    def _earlier(self, r: Reading, before: list[Reading], out: dict, places: dict) -> None:
        """Pairs across a full stop: an end this sentence names with the other end named in one
        of the few sentences before it (A区… 。重点发展B、C). Only pairs the sentence itself
        does not make; the scorer learns from `back=` and the earlier mention's role how far such
        a pair holds."""
        if not before:
            return
        s = r.sentence
        here = {m.key for m in s.mentions}
        document = set(places.values())
        context = None
        for rtype, (side, there_labels) in self.EARLIER.items():
            if rtype not in self.look_back_types:
                continue
            heads, tails = ALLOWED[rtype]
            local_labels = tails if side == "tail" else heads
            local = [j for j, m in enumerate(s.mentions) if m.label in local_labels]
            if not local:
                continue
            seen: dict[tuple[str, str], tuple[int, frozenset]] = {}
            for back, earlier in enumerate(reversed(before), start=1):
                es = earlier.sentence
                subject = subject_place(es)
                for m in es.mentions:
                    if m.label not in there_labels or m.key in here or m.key in seen:
                        continue
                    if m.label == "Institution" and (es.body_kind(m) == "media" or m.props.get("body") in ISSUERS_ONLY):
                        continue
                    role = {"back=" + str(back), "there_lab=" + m.label}
                    if m.key == subject:
                        role.add("there_subject")
                    if m.key in document:
                        role.add("there_document_place")
                    if m.label in PLACE_LABELS and es.not_subject(m):
                        role.add("there_not_subject")
                    seen[m.key] = (back, frozenset(role))
            if not seen:
                continue
            context = context or _SentenceContext(s, self)
            for j in local:
                b = s.mentions[j]
                for other, (back, role) in seen.items():
                    key = (rtype, other, b.key) if side == "tail" else (rtype, b.key, other)
                    if key in out and (len(out[key].instances) >= self.max_instances
                                       or any(i.span == r.span for i in out[key].instances)):
                        continue
                    feats = (context.inherited(j) if side == "tail" else set(context.common) | context._mention(j, "h"))
                    feats = {"X:" + f for f in feats} | set(role) | {"earlier", "earlier_" + rtype}
                    self._add(out, key, feats, None, Instance(r.span, None, True, b.start))

    def _add(self, out: dict, key: tuple, feats: set[str], rule: Found | None, inst: Instance) -> None:
        c = out.get(key)
        if c is None:
            c = out[key] = Candidate(*key)
        if rule is not None:
            feats.add("rule")
            feats.add(f"rule_conf={rule.confidence:.2f}")
            if rule.inferred:
                feats.add("rule_inferred")
        inst.features = feats
        c.features |= feats
        c.instances.append(inst)


# What a name that holds a field says of it, by the name's label.
NAMED_FOR = {"Zone": "TARGETS"}


class _SentenceContext:
    """Per-sentence facts every pair reads, computed once (a pair's features cost a few bisects,
    whatever the sentence's length)."""

    def __init__(self, s: Sentence, builder: CandidateBuilder):
        self.s = s
        self.b = builder
        text = s.text
        self.words = sorted((start, end, lex, text[start:end])
                            for lex in builder.lexicons for start, end in s.spans(lex))
        self.word_starts = [w[0] for w in self.words]
        self.starts = [m.start for m in s.mentions]
        self.breaks = [i for i, c in enumerate(text) if c in builder.clause_ends]
        self.barriers = [i for i, c in enumerate(text) if c in builder.semicolons]
        self.subject = subject_place(s)
        self.common = {"slen=" + _bucket(len(text), (20, 50, 100, 200))}
        if any(w in text for w in builder.negation):
            self.common.add("neg_in_sentence")
        if any(w in text for w in builder.decline):
            self.common.add("decline_in_sentence")
        n_places = sum(1 for m in s.mentions if m.label in PLACE_LABELS)
        self.common.add("nplaces=" + _bucket(n_places, (0, 1, 2, 4)))
        n_ind = sum(1 for m in s.mentions if m.label == "Industry")
        self.common.add("nind=" + _bucket(n_ind, (0, 1, 2, 4, 8)))
        self._ends: dict[tuple[int, str], frozenset[str]] = {}
        self._clauses: dict[int, tuple[int, int]] = {}
        self._groups: dict[tuple[int, str], tuple[int, int, int]] = {}
        self._moods: dict[tuple[int, int], frozenset[str]] = {}

    def end_features(self, key: tuple[str, str], side: str) -> set[str]:
        feats = {f"{side}lab={key[0]}"}
        entry = self.b.gazetteer.entries.get(key)
        if entry is not None and entry.props.get("country"):
            feats.add(f"{side}foreign")
        return feats

    def _mention(self, i: int, side: str) -> frozenset[str]:
        cached = self._ends.get((i, side))
        if cached is not None:
            return cached
        s, text = self.s, self.s.text
        m = s.mentions[i]
        feats = self.end_features(m.key, side)
        feats.add(f"{side}src={m.source}")
        feats.add(f"{side}-1={text[m.start - 1:m.start] or '^'}")
        feats.add(f"{side}+1={text[m.end:m.end + 1] or '$'}")
        feats.add(f"{side}+2={text[m.end:m.end + 2] or '$'}")
        feats.add(f"{side}-2={text[max(0, m.start - 2):m.start] or '^'}")
        if m.start <= 1:
            feats.add(f"{side}_starts")
        if m.label in PLACE_LABELS:
            if s.not_subject(m):
                feats.add(f"{side}_not_subject")
            if m.key == self.subject:
                feats.add(f"{side}_subject")
            if s.after_locative(m.start):
                feats.add(f"{side}_after_locative")
        if m.label == "Institution":
            feats.add(f"{side}kind={s.body_kind(m)}")
        if m.place is not None:
            feats.add(f"{side}_has_place")
        if s.in_parentheses(m):
            feats.add(f"{side}_in_parens")
        self._ends[(i, side)] = frozen = frozenset(feats)
        return frozen

    def clause(self, pos: int) -> tuple[int, int]:
        """(start, end) of the clause holding `pos`."""
        found = self._clauses.get(pos)
        if found is None:
            k = bisect.bisect_left(self.breaks, pos)
            start = self.breaks[k - 1] + 1 if k else 0
            end = self.breaks[k] if k < len(self.breaks) else len(self.s.text)
            found = self._clauses[pos] = (start, end)
        return found

    def group_size(self, i: int, labels: tuple[str, ...]) -> int:
        return self._group(i, labels)[0]

    def _group(self, i: int, labels: tuple[str, ...]) -> tuple[int, int, int]:
        """(size, start, end) of the A、B和C list holding mention `i`."""
        key = (i, labels[0])
        found = self._groups.get(key)
        if found is None:
            group = self.s.coordinated(i, labels)
            found = self._groups[key] = (len(group), min(m.start for m in group), max(m.end for m in group))
        return found

    def group_frame(self, i: int, labels: tuple[str, ...], side: str) -> set[str]:
        """The words just before and after the list holding mention `i` (覆盖 A、B等地, 涵盖 X、Y等领域):
        what the list is doing in the sentence, whichever item this is."""
        _, start, end = self._group(i, labels)
        text = self.s.text
        return {f"{side}lead={text[max(0, start - 2):start] or '^'}",
                f"{side}trail={text[end:end + 2] or '$'}"}

    def _count(self, positions: list[int], lo: int, hi: int) -> int:
        return bisect.bisect_left(positions, hi) - bisect.bisect_left(positions, lo)

    def pair(self, i: int, j: int) -> set[str]:
        s, text = self.s, self.s.text
        a, b = s.mentions[i], s.mentions[j]
        feats = set(self.common)
        feats |= self._mention(i, "h")
        feats |= self._mention(j, "t")
        feats.add(f"pair={a.label}>{b.label}")
        forward = a.start <= b.start
        lo, hi = (a, b) if forward else (b, a)
        li, hi_i = (i, j) if forward else (j, i)
        feats.add("order=" + ("ht" if forward else "th"))
        gap = max(0, hi.start - lo.end)
        feats.add("gap=" + _bucket(gap, GAPS))
        inner = [m for m in s.mentions[li + 1:hi_i] if lo.end <= m.start and m.end <= hi.start]
        feats.add("nbetween=" + _bucket(len(inner), (0, 1, 2, 4)))
        labels_between = {m.label for m in inner}
        for label in labels_between:
            feats.add("between_label=" + label)
        if a.label in labels_between:
            feats.add("head_label_between")
        else:
            feats.add("head_nearest")
        if b.label in labels_between:
            feats.add("tail_label_between")
        clauses = self._count(self.breaks, lo.end, hi.start)
        feats.add("clauses=" + _bucket(clauses, (0, 1, 2)))
        if self._count(self.barriers, lo.end, hi.start):
            feats.add("barrier_between")
        first = bisect.bisect_left(self.word_starts, max(0, lo.start - 8))
        for start, end, lex, word in self.words[first:]:
            if start > hi.end + 4:
                break
            if lo.end <= start and end <= hi.start:
                feats.add("between=" + lex)
                feats.add("bw=" + word)
            elif forward and hi.end <= start and start - hi.end <= 4:
                feats.add("after_tail=" + lex)
            elif forward and end <= lo.start and lo.start - end <= 4:
                feats.add("before_head=" + lex)
        if gap <= 12:
            between = text[lo.end:hi.start]
            for k in range(len(between) - 1):
                feats.add("bg=" + between[k:k + 2])
        feats.add("tlist=" + _bucket(self.group_size(j, (b.label,)), (1, 2, 4)))
        if a.label in PLACE_LABELS:
            hlist = _bucket(self.group_size(i, PLACE_LABELS), (1, 2, 4))
            feats.add("hlist=" + hlist)
            # a list of places with a list of fields says less of each pair than one place does
            feats.add("lists=" + hlist + "x" + _bucket(self.group_size(j, (b.label,)), (1, 2, 4)))
        feats |= self.group_frame(j, (b.label,), "t")
        if a.label in PLACE_LABELS:
            feats |= self.group_frame(i, PLACE_LABELS, "h")
        clause_b = self.clause(b.start)
        if self.clause(a.start) == clause_b:
            feats.add("same_clause")
        feats |= self.clause_mood(clause_b)
        return feats

    def clause_mood(self, clause: tuple[int, int]) -> frozenset[str]:
        """Does the clause negate or report a decline?"""
        mood = self._moods.get(clause)
        if mood is None:
            text = self.s.text[clause[0]:clause[1]]
            mood = self._moods[clause] = frozenset(
                name for name, words in (("neg_in_clause", self.b.negation), ("decline_in_clause", self.b.decline))
                if any(w in text for w in words))
        return mood

    def index_rules(self, rules_here: dict) -> None:
        """What the rules found here, by (type, tail) and (type, head)."""
        self._heads_of: dict[tuple, set] = {}
        self._tails_of: dict[tuple, set] = {}
        for rtype, head, tail in rules_here:
            self._heads_of.setdefault((rtype, tail), set()).add(head)
            self._tails_of.setdefault((rtype, head), set()).add(tail)

    def rule_neighbours(self, rtype: str, i: int, j: int) -> set[str]:
        """What the rules said of the ends' neighbours in this sentence: the head's list mates or
        the tail's list mates (重点发展A、B: a rule read P -> A, B stands with A)."""
        s = self.s
        a, b = s.mentions[i], s.mentions[j]
        heads = self._heads_of.get((rtype, b.key), ())
        tails = self._tails_of.get((rtype, a.key), ())
        feats = set()
        if tails and tails != {b.key}:
            feats.add("head_ruled_elsewhere")
            if {m.key for m in s.coordinated(j, (b.label,))} & tails:
                feats.add("tail_mate_ruled")
        if heads and heads != {a.key}:
            feats.add("tail_ruled_elsewhere")
            if {m.key for m in s.coordinated(i, (a.label,))} & heads:
                feats.add("head_mate_ruled")
        return feats

    def inherited(self, j: int) -> set[str]:
        """An industry in a sentence naming no place, paired with the paragraph's place."""
        s, text = self.s, self.s.text
        b = s.mentions[j]
        feats = set(self.common)
        feats.add("inherited")
        feats |= self._mention(j, "t")
        clause = self.clause(b.start)[0]
        reach = bisect.bisect_left(self.word_starts, b.start - self.b.pair_window)
        for start, end, lex, word in self.words[reach:bisect.bisect_left(self.word_starts, b.start)]:
            if clause <= start and end <= b.start:
                feats.add("inh_clause=" + lex)
                feats.add("inh_w=" + word)
            elif end <= b.start and b.start - start <= self.b.pair_window:
                feats.add("inh_before=" + lex)
        feats.add("tlist=" + _bucket(self.group_size(j, (b.label,)), (1, 2, 4)))
        if s.has("Policy", "Institution"):
            feats.add("inh_actor_in_sentence")
        lead = text[:min(4, len(text))]
        feats.add("lead1=" + lead[:1])
        return feats
