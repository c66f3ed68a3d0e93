// title.zh: 关联最多的实体
// title.en: Most connected entities
// description: Entities ranked by how many relationships (other than document mentions) touch them.
// description.zh: 按关系数量（不计文档提及）排序的实体。
// param.label: type=string; default=City; choices=labels
// param.limit: type=int; default=20
// chart: bar; x=name; y=degree
// Only the schema's relationships count, not the documents' MENTIONS and STATES edges.
MATCH (n)-[r:TARGETS|SUPPORTS|LOCATED_IN|ISSUED_BY|PART_OF]-()
WHERE labels(n)[0] = $label
RETURN n.name AS name, count(r) AS degree
ORDER BY degree DESC, name
LIMIT $limit
