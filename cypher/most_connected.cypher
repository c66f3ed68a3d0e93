// title.zh: 关联最多的实体
// title.en: Most connected entities
// description: Entities ranked by how many relationships (other than document mentions) touch them.
// description.zh: 按关系数量（不计文档提及）排序的实体。
// param.label: type=string; default=City; choices=labels; zh=类别; en=Kind
// param.limit: type=int; default=20; zh=条数; en=Rows shown
// param.abroad: type=bool; default=false; zh=包括外国城市; en=Include foreign cities
// chart: bar; x=name; y=degree
// Only the schema's relationships count, not the documents' MENTIONS and STATES edges.
MATCH (n)-[r:TARGETS|SUPPORTS|LOCATED_IN|ISSUED_BY|PART_OF]-()
WHERE labels(n)[0] = $label AND (n.country IS NULL OR $abroad)  // foreign cities only when asked
RETURN n.name AS name, count(r) AS degree
ORDER BY degree DESC, name
LIMIT $limit
