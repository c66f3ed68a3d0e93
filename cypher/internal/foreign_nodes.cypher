// Nodes with a label this project does not make ($ours: the labels it does): someone else's data.
MATCH (n) WHERE size(labels(n)) = 0 OR any(l IN labels(n) WHERE NOT l IN $ours)
RETURN count(n) AS n
