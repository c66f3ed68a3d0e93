// The industries places most often say they target (the dashboard): mentions summed over every
// city, province, region and zone, and how many places. Foreign cities only with $abroad.
MATCH (p)-[t:TARGETS]->(i:Industry)
WHERE p.country IS NULL OR $abroad
WITH i, toInteger(sum(t.count)) AS mentions, count(p) AS places
ORDER BY mentions DESC, i.name
LIMIT $limit
RETURN i.name AS industry, mentions, places
ORDER BY mentions DESC, industry
