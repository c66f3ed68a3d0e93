// The documents contributing to the node of {label} named one of $names, as the graph stands now.
MATCH (d:Document)-[:MENTIONS]->(n:{label})
WHERE n.name IN $names
RETURN DISTINCT d.name AS name
