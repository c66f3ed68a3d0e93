// title.zh: 多城市产业布局对比
// title.en: Compare several places' targets
// description: The industries each chosen place targets, side by side, for a heatmap: where they overlap and where they differ.
// description.zh: 并排比较所选地点各自布局的产业（热力图）：哪里重叠、哪里不同。
// param.places: type=list; default=北京,上海,成都; choices=City|Province|Region; zh=地点; en=Places
// chart: heatmap; x=industry; y=place; value=mentions; opens=chart
// Each label looked up by its name index (an unlabelled match scans every node); the
// collect-and-unwind keeps both stores on index seeks (FalkorDB binds nothing out of CALL {UNION}).
OPTIONAL MATCH (c:City) WHERE c.name IN $places
WITH collect(c) AS cities
OPTIONAL MATCH (v:Province) WHERE v.name IN $places
WITH cities, collect(v) AS provinces
OPTIONAL MATCH (r:Region) WHERE r.name IN $places
WITH cities, provinces, collect(r) AS regions
UNWIND cities + provinces + regions AS p
MATCH (p)-[t:TARGETS]->(i:Industry)
RETURN p AS place_node, t AS rel, i AS industry_node, p.name AS place, i.name AS industry, t.count AS mentions
ORDER BY industry, place
