// title.zh: 两个实体如何关联
// title.en: How two entities connect
// description: The shortest chains of relationships (up to four steps, any direction, through no document) linking two entities.
// description.zh: 连接两个实体的最短关系链（最多四步、不限方向、不经过文档）。
// param.from: type=string; default=北京; choices=any
// param.to: type=string; default=上海; choices=any
// Both ends first, then the stores' own shortest-path search: enumerating every path of up
// to four steps explodes between two well-connected entities (past 20 s at 130k relationships).
// MENTIONS is left out, so no path passes through a document.
MATCH (a {name: $from}) WHERE NOT a:Document
MATCH (b {name: $to}) WHERE NOT b:Document AND a <> b
WITH a, b
MATCH path = allShortestPaths((a)-[:TARGETS|SUPPORTS|LOCATED_IN|ISSUED_BY|PART_OF*..4]-(b))
RETURN path, length(path) AS steps
// ties broken by the names and types along the path, so every store lists the same paths
ORDER BY steps, reduce(s = '', x IN nodes(path) | s + x.name + '|'),
         reduce(s = '', r IN relationships(path) | s + type(r) + '|')
LIMIT 10
