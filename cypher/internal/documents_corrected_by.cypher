// The documents a correction changed ($id): the ones undoing it re-writes.
MATCH (d:Document)
WHERE $id IN coalesce(d.corrected_by, [])
RETURN d.name AS name
