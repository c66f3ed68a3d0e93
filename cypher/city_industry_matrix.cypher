// title.zh: 城市 × 产业矩阵
// title.en: City × industry matrix
// description: How often each city is said to target each industry, for a heatmap; only industries at least $min_cities cities target, the $industries most targeted.
// description.zh: 每个城市布局每个产业的提及次数（热力图）；只列出至少 $min_cities 个城市布局的产业中最受关注的 $industries 个。
// param.min_cities: type=int; default=2
// param.industries: type=int; default=30
// chart: heatmap; x=industry; y=city; value=mentions
// The $industries industries most cities target: a heatmap stays readable, and the work
// stays bounded however many industries the corpus names.
MATCH (c:City)-[:TARGETS]->(i:Industry)
WITH i, count(c) AS n
WHERE n >= $min_cities
WITH i, n ORDER BY n DESC, i.name LIMIT $industries
MATCH (c:City)-[t:TARGETS]->(i)
RETURN c.name AS city, i.name AS industry, t.count AS mentions
ORDER BY city, industry
