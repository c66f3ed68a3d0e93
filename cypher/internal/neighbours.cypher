// A node and its schema relationships (not its documents' MENTIONS and STATES), from its
// label's name index: the explore canvas grows by these, the best-attested first when capped.
// label: the node's label, one of the schema's (labels cannot be parameters)
MATCH (n:{label} {name: $name})
OPTIONAL MATCH (n)-[r:TARGETS|SUPPORTS|LOCATED_IN|ISSUED_BY|PART_OF]-(m)
RETURN n, r, m
ORDER BY coalesce(r.source_count, 0) DESC, coalesce(r.confidence, 0.0) DESC, type(r), labels(m)[0], m.name
LIMIT $limit
