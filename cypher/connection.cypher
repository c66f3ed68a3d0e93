// title.zh: 两个实体如何关联
// title.en: How two entities connect
// description: The shortest chains of relationships (up to four steps, any direction, through no document) linking two entities.
// description.zh: 连接两个实体的最短关系链（最多四步、不限方向、不经过文档）。
// param.from: type=string; default=北京; choices=any; zh=起点; en=From
// param.to: type=string; default=上海; choices=any; zh=终点; en=To
// Both ends looked up by each label's name index (an unlabelled match scans every node), then
// the stores' own shortest-path search: enumerating every path of up to four steps explodes
// between two well-connected entities (past 20 s at 130k relationships).
// Only the schema's relationships: no path passes through a document.
OPTIONAL MATCH (c:City) WHERE c.name IN [$from, $to]
WITH collect(c) AS cities
OPTIONAL MATCH (v:Province) WHERE v.name IN [$from, $to]
WITH cities, collect(v) AS provinces
OPTIONAL MATCH (r:Region) WHERE r.name IN [$from, $to]
WITH cities, provinces, collect(r) AS regions
OPTIONAL MATCH (z:Zone) WHERE z.name IN [$from, $to]
WITH cities, provinces, regions, collect(z) AS zones
OPTIONAL MATCH (i:Industry) WHERE i.name IN [$from, $to]
WITH cities, provinces, regions, zones, collect(i) AS industries
OPTIONAL MATCH (b:Institution) WHERE b.name IN [$from, $to]
WITH cities, provinces, regions, zones, industries, collect(b) AS bodies
OPTIONAL MATCH (p:Policy) WHERE p.name IN [$from, $to]
WITH cities, provinces, regions, zones, industries, bodies, collect(p) AS policies
UNWIND cities + provinces + regions + zones + industries + bodies + policies AS found
WITH collect(found) AS ends
UNWIND [n IN ends WHERE n.name = $from] AS a
UNWIND [n IN ends WHERE n.name = $to AND n <> a] AS b
MATCH path = allShortestPaths((a)-[:TARGETS|SUPPORTS|LOCATED_IN|ISSUED_BY|PART_OF*..4]-(b))
RETURN path, length(path) AS steps
// ties broken by the names and types along the path, so every store lists the same paths
ORDER BY steps, reduce(s = '', x IN nodes(path) | s + x.name + '|'),
         reduce(s = '', r IN relationships(path) | s + type(r) + '|')
LIMIT 10
