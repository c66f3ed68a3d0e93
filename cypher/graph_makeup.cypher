// title.zh: 图谱构成
// title.en: What the graph is made of
// description: Node counts by label and relationship counts by type.
// description.zh: 按标签统计节点、按类型统计关系。
// chart: bar; x=kind; y=count
// Counts per label and per type, which both stores keep as they write: nothing is scanned.
// MENTIONS and STATES are the documents' own edges (what each one names and states).
CALL {
  MATCH (n:City) RETURN 'City' AS kind, count(n) AS count
  UNION ALL MATCH (n:Province) RETURN 'Province' AS kind, count(n) AS count
  UNION ALL MATCH (n:Region) RETURN 'Region' AS kind, count(n) AS count
  UNION ALL MATCH (n:Zone) RETURN 'Zone' AS kind, count(n) AS count
  UNION ALL MATCH (n:Industry) RETURN 'Industry' AS kind, count(n) AS count
  UNION ALL MATCH (n:Institution) RETURN 'Institution' AS kind, count(n) AS count
  UNION ALL MATCH (n:Policy) RETURN 'Policy' AS kind, count(n) AS count
  UNION ALL MATCH (n:Document) RETURN 'Document' AS kind, count(n) AS count
}
WITH kind, count WHERE count > 0
RETURN 'node' AS element, kind, count
ORDER BY count DESC, kind
UNION ALL
CALL {
  MATCH ()-[r:TARGETS]->() RETURN 'TARGETS' AS kind, count(r) AS count
  UNION ALL MATCH ()-[r:SUPPORTS]->() RETURN 'SUPPORTS' AS kind, count(r) AS count
  UNION ALL MATCH ()-[r:LOCATED_IN]->() RETURN 'LOCATED_IN' AS kind, count(r) AS count
  UNION ALL MATCH ()-[r:ISSUED_BY]->() RETURN 'ISSUED_BY' AS kind, count(r) AS count
  UNION ALL MATCH ()-[r:PART_OF]->() RETURN 'PART_OF' AS kind, count(r) AS count
  UNION ALL MATCH ()-[r:MENTIONS]->() RETURN 'MENTIONS' AS kind, count(r) AS count
  UNION ALL MATCH ()-[r:STATES]->() RETURN 'STATES' AS kind, count(r) AS count
}
WITH kind, count WHERE count > 0
RETURN 'relationship' AS element, kind, count
ORDER BY count DESC, kind
