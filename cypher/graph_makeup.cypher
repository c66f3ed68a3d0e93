// title.zh: 图谱构成
// title.en: What the graph is made of
// description: Node counts by label and relationship counts by type.
// description.zh: 按标签统计节点、按类型统计关系。
// chart: bar; x=kind; y=count
MATCH (n)
RETURN 'node' AS element, labels(n)[0] AS kind, count(n) AS count
ORDER BY count DESC
UNION ALL
MATCH ()-[r]->()
RETURN 'relationship' AS element, type(r) AS kind, count(r) AS count
ORDER BY count DESC
