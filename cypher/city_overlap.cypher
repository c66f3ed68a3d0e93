// title.zh: 产业布局重叠的城市对
// title.en: City pairs with overlapping targets
// description: Among the cities that target the most industries, the pairs that target the same ones, ranked by the number shared, with the Jaccard similarity of their target sets.
// description.zh: 在目标产业最多的城市中，目标产业重叠最多的城市对，按共同产业数排序，并给出目标集合的 Jaccard 相似度。
// param.limit: type=int; default=20
// param.cities: type=int; default=40
// chart: bar; x=pair; y=jaccard
// Pairs among the $cities most active cities only: all pairs of all cities grow with the
// square of the graph (a hub industry targeted by 300 cities alone gives 45,000 pairs).
// Each pair checks the first city's industries against the second city directly, so the
// work is pairs x industries, never an industry's every city.
MATCH (c:City)-[:TARGETS]->(:Industry)
WITH c, count(*) AS targets ORDER BY targets DESC, c.name LIMIT $cities
WITH collect([c, targets]) AS active
UNWIND active AS x
UNWIND active AS y
WITH x[0] AS a, x[1] AS na, y[0] AS b, y[1] AS nb
WHERE a.name < b.name
MATCH (a)-[:TARGETS]->(i:Industry)<-[:TARGETS]-(b)
WITH a, b, na, nb, i ORDER BY i.name  // lists in name order, the same on every store
WITH a, b, na, nb, collect(i.name) AS shared
RETURN a.name + ' / ' + b.name AS pair, a.name AS city_a, b.name AS city_b, size(shared) AS shared_count,
       toFloat(size(shared)) / (na + nb - size(shared)) AS jaccard, shared
ORDER BY shared_count DESC, jaccard DESC, pair
LIMIT $limit
