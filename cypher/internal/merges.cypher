// Nodes that surface forms were merged into (`kg merges`): what the text wrote, and the
// canonical node it became.
MATCH (n) WHERE NOT n:Document AND size(coalesce(n.seen_as, [])) > 0
RETURN labels(n)[0] AS label, n.name AS name, n.seen_as AS seen_as, n.source_count AS sources
ORDER BY label, name
