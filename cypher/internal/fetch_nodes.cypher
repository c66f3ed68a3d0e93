// Nodes by the ids a result gave them (a relationship's ends, to draw it).
MATCH (n) WHERE elementId(n) IN $ids RETURN n
