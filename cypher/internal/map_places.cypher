// The places that target one industry ($industry), for the map view: each with its coordinates
// (a city's own; a zone's, those of its city, the first by name when it lies in several), how
// many documents say so, and the relationship with both ends for the evidence panel. Foreign
// cities (those with a country: 东京, 伦敦) are left off. Provinces and regions carry no
// coordinates: the map colours a province's shape and lists the rest.
MATCH (p)-[t:TARGETS]->(i:Industry {name: $industry})
WHERE p.country IS NULL
OPTIONAL MATCH (p)-[:LOCATED_IN]->(c:City)
WITH p, t, i, min(c.name) AS city
OPTIONAL MATCH (c:City {name: city})
RETURN p AS place_node, t AS rel, i AS industry_node, labels(p)[0] AS kind, p.name AS place,
       p.english AS english, coalesce(p.lat, c.lat) AS lat, coalesce(p.lon, c.lon) AS lon, city,
       t.source_count AS documents, t.count AS mentions
ORDER BY documents DESC, mentions DESC, place
