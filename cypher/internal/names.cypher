// Every name, alias and English name of one label, for search and for parameter pickers (one
// label scan: a match on no label would read every Document too); country: a foreign city's.
// label: one of the schema's labels (labels cannot be parameters)
MATCH (n:{label})
RETURN '{label}' AS label, n.name AS name, n.aliases AS aliases, n.english AS english, n.country AS country
