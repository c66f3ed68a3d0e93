// Nodes with one of this project's labels ($ours): what clearing a store deletes.
MATCH (n) WHERE any(l IN labels(n) WHERE l IN $ours)
RETURN count(n) AS n
