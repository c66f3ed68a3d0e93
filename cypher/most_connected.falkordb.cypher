// FalkorDB reads a node's degree per type from its adjacency matrices instead of walking
// its edges (600 ms for cities at 3.5M edges). Same columns and rows as most_connected.cypher.
MATCH (n)
WHERE labels(n)[0] = $label AND (n.country IS NULL OR $abroad)
WITH n, indegree(n, 'TARGETS', 'SUPPORTS', 'LOCATED_IN', 'ISSUED_BY', 'PART_OF')
        + outdegree(n, 'TARGETS', 'SUPPORTS', 'LOCATED_IN', 'ISSUED_BY', 'PART_OF') AS degree
WHERE degree > 0
RETURN n.name AS name, degree
ORDER BY degree DESC, name
LIMIT $limit
