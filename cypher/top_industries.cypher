// title.zh: 最受关注的产业
// title.en: Most targeted industries
// description: Industries ranked by how often places say they target them (mentions summed over every city, province, region and zone), with how many places do.
// description.zh: 按各地布局该产业的提及次数之和排序的产业（城市、省份、区域和园区合计），以及布局它的地点数。
// param.limit: type=int; default=20; zh=产业数; en=Industries shown
// param.abroad: type=bool; default=false; zh=包括外国城市; en=Include foreign cities
// chart: bar; x=industry; y=mentions
// The home page's "most targeted industries" with a small limit; foreign cities only with $abroad.
MATCH (p)-[t:TARGETS]->(i:Industry)
WHERE p.country IS NULL OR $abroad
WITH i, toInteger(sum(t.count)) AS mentions, count(p) AS places
ORDER BY mentions DESC, i.name
LIMIT $limit
RETURN i.name AS industry, mentions, places
ORDER BY mentions DESC, industry
