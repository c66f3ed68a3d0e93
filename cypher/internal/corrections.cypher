// Every analyst's correction (graph/corrections.py), undone ones too, in the order they were made.
MATCH (c:Correction)
RETURN properties(c) AS props
ORDER BY c.seq
