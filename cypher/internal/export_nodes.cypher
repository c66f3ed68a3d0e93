// Every node with its properties, for `kg export` (graph/export.py shapes them).
MATCH (n) RETURN labels(n) AS labels, properties(n) AS props
