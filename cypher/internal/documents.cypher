// The stored documents, by key: the first $limit of them (`added_by`: the correction that added
// it, for the documents that hold an analyst's added relationship).
MATCH (d:Document)
RETURN d.name AS name, d.title AS title, d.path AS path, d.sha256 AS sha256, d.added_by AS added_by
ORDER BY name
LIMIT $limit
