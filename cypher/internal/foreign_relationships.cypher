// Relationships of a type this project does not make ($ours: the types it does).
MATCH ()-[r]->() WHERE NOT type(r) IN $ours
RETURN count(r) AS n
