// The titles of the documents with these keys (exports list their sources by title).
MATCH (d:Document)
WHERE d.name IN $names
RETURN d.name AS name, d.title AS title
ORDER BY name
