// The stored documents, by key: the first $limit of them.
MATCH (d:Document)
RETURN d.name AS name, d.title AS title, d.path AS path, d.sha256 AS sha256
ORDER BY name
LIMIT $limit
