"""A deterministic generator of policy-style documents for scale benchmarks.

    python bench/corpus.py OUT_DIR --docs 10000 [--seed 7]

Documents are drawn from the curated data (every prefecture city, its districts and zones,
the industry taxonomy, the institutions), plus plausible firms and titled plans with years,
in several sentence shapes per relationship type, so the graph grows the way a real corpus's
does: many cities, hub cities mentioned often (a Zipf-like draw), long tails of firms and plans.
The same seed gives the same files.
"""
from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "ingest" / "data"

FIRM_STEMS = "华 中 科 创 新 恒 瑞 达 远 航 智 芯 能 源 光 电 联 合 天 宏 正 泰 信 通 安 鼎 嘉 博 越 海".split()
FIRM_KINDS = ["科技有限公司", "股份有限公司", "集团", "技术有限公司", "研究院"]
PLAN_KINDS = ["发展规划", "行动方案", "实施意见", "若干措施", "三年行动计划"]

TARGETS = [
    "{year}年，{place}重点发展{ind1}和{ind2}产业。",
    "{place}将{ind1}作为主导产业，加快布局{ind2}。",
    "近年来，{place}聚焦{ind1}、{ind2}、{ind3}等未来产业，打造产业集群。",
    "在{ind1}领域，{place}已形成较为完整的产业链。",
    "{place}提出，到{year2}年{ind1}产业规模突破千亿元。",
]
SUPPORTS = [
    "{firm}深耕{ind1}，在{place}建设研发中心。",
    "{place}发布《{plan}》，支持{ind1}和{ind2}产业发展。",
    "《{plan}》明确提出培育{ind1}产业。",
    "{inst}与{place}签约，共建{ind1}创新平台。",
]
LOCATED = [
    "{zone}位于{city}，主攻{ind1}。",
    "{city}{district}正在建设{ind1}产业园。",
    "{firm}总部位于{city}。",
]
ISSUED = [
    "{city}人民政府印发《{plan}》。",
    "近日，{province}出台《{plan}》，部署{ind1}发展任务。",
]
FILLER = [
    "会议强调，要坚持创新驱动，优化营商环境。",
    "与会代表围绕产业协同发展进行了深入交流。",
    "下一步，将持续加大政策支持力度，推动项目早落地、早见效。",
    "据介绍，相关项目总投资超过百亿元。",
]


def read_tsv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


class Draw:
    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.cities = [c for c in read_tsv(DATA / "places" / "cities.tsv") if c["name"]]
        self.zones = read_tsv(DATA / "places" / "zones.tsv")
        self.districts = read_tsv(DATA / "places" / "counties.tsv")
        self.industries = [i["name"] for i in read_tsv(DATA / "industries.tsv") if i["name"]]
        self.institutions = [i["name"] for i in read_tsv(DATA / "institutions.tsv")
                             if i["name"] and i.get("kind") not in ("party",)]
        # a Zipf-like weight: a few hub cities appear in many documents
        self.city_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(self.cities))]
        self.firms = [self.firm() for _ in range(3000)]

    def city(self) -> dict:
        return self.r.choices(self.cities, self.city_weights)[0]

    def firm(self) -> str:
        c = self.r.choice(self.cities)["name"]
        return c + "".join(self.r.sample(FIRM_STEMS, 2)) + self.r.choice(FIRM_KINDS)

    def plan(self, place: str, ind: str) -> str:
        return f"{place}{ind}产业{self.r.choice(PLAN_KINDS)}（{self.r.randint(2021, 2025)}—{self.r.randint(2026, 2030)}年）"

    def document(self, n: int) -> str:
        r = self.r
        city = self.city()
        districts = [d["name"] for d in self.districts if d["city"] == city["name"]] or [city["name"]]
        zones = [z["name"] for z in self.zones if z["city"] == city["name"]] or [city["name"] + "高新区"]
        inds = r.sample(self.industries, 6)
        title_ind = inds[0]
        lines = [f"{city['name']}加快布局{title_ind}产业"]
        for _ in range(r.randint(6, 16)):
            kind = r.choices(["t", "s", "l", "i", "f"], [4, 3, 2, 1, 2])[0]
            place = r.choice([city["name"], city["name"] + "市", r.choice(districts), r.choice(zones)])
            ind1, ind2, ind3 = r.sample(inds, 3)
            values = dict(place=place, city=city["name"], province=city["province"],
                          district=r.choice(districts), zone=r.choice(zones), ind1=ind1, ind2=ind2, ind3=ind3,
                          firm=r.choice(self.firms), inst=r.choice(self.institutions),
                          plan=self.plan(city["name"], title_ind), year=r.randint(2018, 2025),
                          year2=r.randint(2026, 2035))
            shapes = {"t": TARGETS, "s": SUPPORTS, "l": LOCATED, "i": ISSUED, "f": FILLER}[kind]
            lines.append(r.choice(shapes).format(**values))
        return "\n".join(lines) + "\n"


def generate(out: Path, docs: int, seed: int = 7, start: int = 0) -> list[Path]:
    """Documents number `start` .. `start + docs - 1` (the same seed gives the same texts)."""
    out.mkdir(parents=True, exist_ok=True)
    draw = Draw(seed)
    paths = []
    for n in range(start + docs):
        text = draw.document(n)  # drawn in order, so document n is the same whatever the chunking
        if n >= start:
            p = out / f"doc{n:06d}.txt"
            p.write_text(text, encoding="utf-8")
            paths.append(p)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    paths = generate(args.out, args.docs, args.seed)
    chars = sum(len(p.read_text(encoding="utf-8")) for p in paths)
    print(f"{len(paths)} documents, {chars:,} characters in {args.out}")


if __name__ == "__main__":
    main()
