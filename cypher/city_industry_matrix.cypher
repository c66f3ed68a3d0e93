// title.zh: 城市 × 产业矩阵
// title.en: City × industry matrix
// description: How often each city is said to target each industry, for a heatmap; only industries at least two cities target.
// description.zh: 每个城市布局每个产业的提及次数（热力图）；只列出至少两个城市布局的产业。
// param.min_cities: type=int; default=2
// chart: heatmap; x=industry; y=city; value=mentions
MATCH (c:City)-[:TARGETS]->(i:Industry)
WITH i, count(DISTINCT c) AS n
WHERE n >= $min_cities
MATCH (c:City)-[t:TARGETS]->(i)
RETURN c.name AS city, i.name AS industry, t.count AS mentions
ORDER BY city, industry
