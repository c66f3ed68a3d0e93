// The documents whose extraction names every one of the node ids $ids (`City:成都`): the ones a
// correction about those nodes can change, even where an earlier correction dropped or renamed one.
MATCH (d:Document)
WHERE all(k IN $ids WHERE k IN coalesce(d.raw_keys, []))
RETURN d.name AS name
