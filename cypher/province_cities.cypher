// title.zh: 省内城市的产业布局
// title.en: Cities of a province and their targets
// description: The cities located in the chosen province and the industries each targets.
// description.zh: 所选省份下辖城市及其各自布局的产业。
// param.province: type=string; default=四川; choices=Province; zh=省份; en=Province
MATCH (c:City)-[l:LOCATED_IN]->(p:Province {name: $province})
OPTIONAL MATCH (c)-[t:TARGETS]->(i:Industry)
// Relationships and names only: the app fetches each node they join once (a node in every
// row is sent again with every row; at 1,000 rows that doubled the time).
RETURN l AS located, t AS rel, p.name AS province, c.name AS city, i.name AS industry, t.count AS mentions
ORDER BY city, mentions DESC, industry
