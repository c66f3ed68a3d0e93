// title.zh: 产业链条汇总（含细分领域）
// title.en: Roll-up of an industry and its sub-fields
// description: Places targeting the chosen industry or any of its sub-fields in the industry taxonomy, with the sub-field each one names.
// description.zh: 布局所选产业或其任一细分领域（按产业分类汇总）的地点，以及各自提到的细分领域。
// param.industry: type=string; default=新一代信息技术; choices=Industry; zh=产业; en=Industry
// chart: bar; x=place; y=subfields
MATCH (p)-[t:TARGETS]->(i:Industry)-[:PART_OF*0..4]->(root:Industry {name: $industry})
WITH p, i ORDER BY i.name  // lists in name order, the same on every store
RETURN p.name AS place, labels(p)[0] AS kind, count(DISTINCT i) AS subfields, collect(DISTINCT i.name) AS industries
ORDER BY subfields DESC, place
