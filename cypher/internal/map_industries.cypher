// The industries some place in China targets, with how many places do (foreign cities left off):
// the map view's picker offers these, the most widely targeted first.
MATCH (p)-[:TARGETS]->(i:Industry)
WHERE p.country IS NULL
RETURN i.name AS industry, i.english AS english, count(p) AS places
ORDER BY places DESC, industry
