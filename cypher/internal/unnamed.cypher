// Nodes of one label with no English name (written before names were composed for open
// vocabulary, or added by an analyst): ingest gives them one (ingest/english.py fill_store).
// label: one of the schema's labels (labels cannot be parameters)
MATCH (n:{label}) WHERE n.english IS NULL
RETURN n.name AS name
