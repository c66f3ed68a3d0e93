// title.zh: 竞争最激烈的产业
// title.en: Most contested industries
// description: Industries ranked by how many distinct cities target them: where cities compete for the same future industries.
// description.zh: 按布局城市数量排序的产业：城市在哪些未来产业上正面竞争。
// param.limit: type=int; default=20; zh=产业数; en=Industries shown
// param.abroad: type=bool; default=false; zh=包括外国城市; en=Include foreign cities
// chart: bar; x=industry; y=cities
// Count first (no names), keep the top $limit, then list only their cities by name.
MATCH (c:City)-[:TARGETS]->(i:Industry)
WHERE c.country IS NULL OR $abroad  // foreign cities only when asked
WITH i, count(c) AS cities
ORDER BY cities DESC, i.name
LIMIT $limit
MATCH (c:City)-[:TARGETS]->(i)
WHERE c.country IS NULL OR $abroad
WITH i, cities, c ORDER BY c.name  // lists in name order, the same on every store
WITH i, cities, collect(c.name) AS city_names
RETURN i.name AS industry, cities, city_names
ORDER BY cities DESC, industry
