// title.zh: 城市内的园区与机构
// title.en: Zones and institutions in a place
// description: Zones and institutions located in the chosen place, and the industries they target or support.
// description.zh: 位于所选地点的园区和机构，以及它们布局或支持的产业。
// param.place: type=string; default=北京; choices=City|Province|Region; zh=地点; en=Place
// The place looked up by each label's name index (an unlabelled match scans every node).
OPTIONAL MATCH (c:City {name: $place})
WITH collect(c) AS cities
OPTIONAL MATCH (v:Province {name: $place})
WITH cities, collect(v) AS provinces
OPTIONAL MATCH (r:Region {name: $place})
WITH cities, provinces, collect(r) AS regions
UNWIND cities + provinces + regions AS c
MATCH (z)-[l:LOCATED_IN]->(c)
WHERE z:Zone OR z:Institution
OPTIONAL MATCH (z)-[t:TARGETS|SUPPORTS]->(i:Industry)
// Relationships and names only: the app fetches each node they join once (a node in every
// row is sent again with every row).
RETURN l AS located, t AS rel,
       z.name AS member, labels(z)[0] AS kind, type(t) AS relation, i.name AS industry
ORDER BY kind, member, industry
