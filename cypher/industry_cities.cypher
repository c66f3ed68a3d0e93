// title.zh: 布局某产业的城市
// title.en: Places targeting an industry
// description: Every city, province, region or zone that targets the chosen industry, with how often and where the text says so.
// description.zh: 布局所选产业的所有城市、省份、区域和园区，以及提及次数和出处。
// param.industry: type=string; default=人工智能; choices=Industry; zh=产业; en=Industry
// chart: bar; x=place; y=mentions
MATCH (p)-[t:TARGETS]->(i:Industry {name: $industry})
RETURN p AS place_node, t AS rel, i AS industry_node,
       p.name AS place, labels(p)[0] AS kind, t.count AS mentions, t.confidence AS confidence,
       t.source_count AS documents, t.evidence AS evidence
ORDER BY mentions DESC, place
