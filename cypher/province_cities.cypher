// title.zh: 省内城市的产业布局
// title.en: Cities of a province and their targets
// description: The cities located in the chosen province and the industries each targets.
// description.zh: 所选省份下辖城市及其各自布局的产业。
// param.province: type=string; default=四川; choices=Province
MATCH (c:City)-[l:LOCATED_IN]->(p:Province {name: $province})
OPTIONAL MATCH (c)-[t:TARGETS]->(i:Industry)
RETURN p AS province_node, l AS located, c AS city_node, t AS rel, i AS industry_node,
       c.name AS city, i.name AS industry, t.count AS mentions
ORDER BY city, mentions DESC, industry
