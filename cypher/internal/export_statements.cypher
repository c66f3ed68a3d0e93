// What each document states (its STATES edges), for `kg export`.
MATCH (d:Document)-[s:STATES]->() RETURN d.name AS doc, properties(s) AS props
