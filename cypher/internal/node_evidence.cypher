// What the documents say of one node of {label} named $name: the sentence each first names it in.
MATCH (d:Document)-[m:MENTIONS]->(n:{label} {name: $name})
RETURN d.name AS doc, m.evidence AS evidence
ORDER BY doc
LIMIT $limit
