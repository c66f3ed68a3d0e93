// Every relationship but the documents' STATES edges (their content goes on the relationships
// they state), for `kg export`.
MATCH (a)-[x]->(b) WHERE type(x) <> 'STATES'
RETURN labels(a)[0] AS hl, a.name AS head, type(x) AS type, labels(b)[0] AS tl, b.name AS tail, properties(x) AS props
