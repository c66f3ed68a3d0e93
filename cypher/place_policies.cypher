// title.zh: 地方政策及其支持的产业
// title.en: A place's policies and what they support
// description: Policies issued by the chosen city, province or institution, and the industries each one supports.
// description.zh: 所选城市、省份或机构发布的政策，以及每项政策支持的产业。
// param.issuer: type=string; default=北京; choices=City|Province|Institution; zh=发布者; en=Issuer
// The issuer looked up by each label's name index (an unlabelled match scans every node).
OPTIONAL MATCH (c:City {name: $issuer})
WITH collect(c) AS cities
OPTIONAL MATCH (v:Province {name: $issuer})
WITH cities, collect(v) AS provinces
OPTIONAL MATCH (b:Institution {name: $issuer})
WITH cities, provinces, collect(b) AS bodies
UNWIND cities + provinces + bodies AS x
MATCH (p:Policy)-[ib:ISSUED_BY]->(x)
OPTIONAL MATCH (p)-[s:SUPPORTS]->(i:Industry)
// Relationships and names only: the app fetches each node they join once (a node in every
// row is sent again with every row).
RETURN ib AS issued, s AS supports,
       p.name AS policy, ib.years AS years, i.name AS industry, ib.evidence AS evidence
ORDER BY policy, industry
