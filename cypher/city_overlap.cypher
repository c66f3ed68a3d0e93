// title.zh: 产业布局重叠的城市对
// title.en: City pairs with overlapping targets
// description: Among the cities that target the most industries, the pairs that target the same ones, ranked by the number shared, with the Jaccard similarity of their target sets.
// description.zh: 在目标产业最多的城市中，目标产业重叠最多的城市对，按共同产业数排序，并给出目标集合的 Jaccard 相似度。
// param.limit: type=int; default=20
// param.cities: type=int; default=40
// chart: bar; x=pair; y=jaccard
// Pairs among the $cities most active cities only: all pairs of all cities grow with the
// square of the graph (a hub industry targeted by 300 cities alone gives 45,000 pairs).
MATCH (c:City)-[:TARGETS]->(:Industry)
WITH c, count(*) AS targets ORDER BY targets DESC, c.name LIMIT $cities
WITH collect(c) AS active
UNWIND active AS a
MATCH (a)-[:TARGETS]->(i:Industry)<-[:TARGETS]-(b:City)
WHERE a.name < b.name AND b IN active
WITH a, b, i ORDER BY i.name  // lists in name order, the same on every store
WITH a, b, collect(DISTINCT i.name) AS shared
MATCH (a)-[:TARGETS]->(ia:Industry)
WITH a, b, shared, count(DISTINCT ia) AS na
MATCH (b)-[:TARGETS]->(ib:Industry)
WITH a, b, shared, na, count(DISTINCT ib) AS nb
RETURN a.name + ' / ' + b.name AS pair, a.name AS city_a, b.name AS city_b, size(shared) AS shared_count,
       toFloat(size(shared)) / (na + nb - size(shared)) AS jaccard, shared
ORDER BY shared_count DESC, jaccard DESC, pair
LIMIT $limit
