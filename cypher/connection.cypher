// title.zh: 两个实体如何关联
// title.en: How two entities connect
// description: The shortest chains of relationships (up to four steps, any direction, through no document) linking two entities.
// description.zh: 连接两个实体的最短关系链（最多四步、不限方向、不经过文档）。
// param.from: type=string; default=北京; choices=any
// param.to: type=string; default=上海; choices=any
MATCH path = (a {name: $from})-[*1..4]-(b {name: $to})
WHERE ALL(x IN nodes(path) WHERE NOT x:Document)
RETURN path, length(path) AS steps
// ties broken by the names and types along the path, so every store lists the same paths
ORDER BY steps, reduce(s = '', x IN nodes(path) | s + x.name + '|'),
         reduce(s = '', r IN relationships(path) | s + type(r) + '|')
LIMIT 10
