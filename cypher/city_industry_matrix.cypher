// title.zh: 城市 × 产业矩阵
// title.en: City × industry matrix
// description: How often each city is said to target each industry, for a heatmap; only industries at least $min_cities cities target, the $industries most targeted.
// description.zh: 每个城市布局每个产业的提及次数（热力图）；只列出至少 $min_cities 个城市布局的产业中最受关注的 $industries 个。
// param.min_cities: type=int; default=2; zh=至少几个城市布局; en=Targeted by at least (cities)
// param.industries: type=int; default=30; zh=产业数上限; en=Industries shown
// param.abroad: type=bool; default=false; zh=包括外国城市; en=Include foreign cities
// chart: heatmap; x=industry; y=city; value=mentions
// The $industries industries most cities target: a heatmap stays readable, and the work
// stays bounded however many industries the corpus names.
MATCH (c:City)-[:TARGETS]->(i:Industry)
WHERE c.country IS NULL OR $abroad  // foreign cities only when asked
WITH i, count(c) AS n
WHERE n >= $min_cities
WITH i, n ORDER BY n DESC, i.name LIMIT $industries
MATCH (c:City)-[t:TARGETS]->(i)
WHERE c.country IS NULL OR $abroad
RETURN c.name AS city, i.name AS industry, t.count AS mentions
ORDER BY city, industry
