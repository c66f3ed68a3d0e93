// What ingest extracted from the documents $ids, packed (graph/model.py pack), with what
// names them: corrections are applied to it and undone from it.
MATCH (d:Document)
WHERE d.name IN $ids
RETURN d.name AS name, d.title AS title, d.path AS path, d.sha256 AS sha256, d.chars AS chars,
       d.extraction AS extraction, d.added_by AS added_by
ORDER BY name
