// title.zh: 城市布局的产业
// title.en: Industries a place targets
// description: The industries a city, province, region or zone plans, builds or focuses on, strongest first, with how many documents say so and sample evidence sentences.
// description.zh: 某个城市、省份、区域或园区规划、建设或聚焦的产业，按提及次数排序，附原文证据和来源。
// param.place: type=string; default=成都; choices=City|Province|Region|Zone; zh=地点; en=Place
// chart: bar; x=industry; y=mentions
// The place looked up by each label's name index (an unlabelled match scans every node).
OPTIONAL MATCH (c:City {name: $place})
WITH collect(c) AS cities
OPTIONAL MATCH (v:Province {name: $place})
WITH cities, collect(v) AS provinces
OPTIONAL MATCH (r:Region {name: $place})
WITH cities, provinces, collect(r) AS regions
OPTIONAL MATCH (z:Zone {name: $place})
WITH cities, provinces, regions, collect(z) AS zones
UNWIND cities + provinces + regions + zones AS p
MATCH (p)-[t:TARGETS]->(i:Industry)
RETURN p AS place_node, t AS rel, i AS industry_node,
       i.name AS industry, t.count AS mentions, t.confidence AS confidence,
       t.inferred AS inferred, t.years AS years, t.source_count AS documents, t.evidence AS evidence
ORDER BY mentions DESC, industry
