// Nodes by the ids a result gave them: one id seek each (`id(n) IN $ids` scans every node).
UNWIND $ids AS i MATCH (n) WHERE id(n) = i RETURN n
