// title.zh: 产业布局重叠的城市对
// title.en: City pairs with overlapping targets
// description: Among the cities that target the most industries, the pairs that target the same ones, ranked by the number shared, with the Jaccard similarity of their target sets.
// description.zh: 在目标产业最多的城市中，目标产业重叠最多的城市对，按共同产业数排序，并给出目标集合的 Jaccard 相似度。
// param.limit: type=int; default=20; zh=城市对数; en=Pairs shown
// param.cities: type=int; default=40; zh=参与比较的城市数; en=Cities compared
// param.abroad: type=bool; default=false; zh=包括外国城市; en=Include foreign cities
// chart: bar; x=pair; y=jaccard
// Pairs among the $cities most active cities only: all pairs of all cities grow with the
// square of the graph (a hub industry targeted by 300 cities alone gives 45,000 pairs).
// Pairs are counted from each industry's list of active cities (no industry's other cities
// are read); only the top $limit pairs then list their shared industries by name.
// Foreign cities (those with a country) only when asked: the question is about Chinese cities.
MATCH (c:City)-[:TARGETS]->(:Industry)
WHERE c.country IS NULL OR $abroad
WITH c, count(*) AS targets ORDER BY targets DESC, c.name LIMIT $cities
WITH collect([c, targets]) AS active
UNWIND active AS x
WITH x[0] AS a, x[1] AS na
MATCH (a)-[:TARGETS]->(i:Industry)
WITH i, collect([a, na]) AS targeting
UNWIND targeting AS x
UNWIND targeting AS y
WITH x[0] AS a, x[1] AS na, y[0] AS b, y[1] AS nb
WHERE a.name < b.name
WITH a, b, na, nb, count(*) AS shared_count
WITH a, b, shared_count, toFloat(shared_count) / (na + nb - shared_count) AS jaccard,
     a.name + ' / ' + b.name AS pair
ORDER BY shared_count DESC, jaccard DESC, pair
LIMIT $limit
MATCH (a)-[:TARGETS]->(i:Industry)<-[:TARGETS]-(b)
WITH pair, a, b, shared_count, jaccard, i ORDER BY i.name  // lists in name order, the same on every store
WITH pair, a, b, shared_count, jaccard, collect(i.name) AS shared
RETURN pair, a.name AS city_a, b.name AS city_b, shared_count, jaccard, shared
ORDER BY shared_count DESC, jaccard DESC, pair
