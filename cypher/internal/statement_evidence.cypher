// What documents say of the relationships on screen ($keys: their statement keys,
// City:成都-TARGETS->Industry:人工智能): the evidence panel and the document filter. For each
// relationship, how many documents state it (`total`) and what at most $per of them say: a hub
// relationship is stated by thousands of documents on a big store, and reading every one of them
// for every view took seconds. The sample is the first $per the index finds (no ORDER BY: ordering
// reads every statement of the key). Both stores seek the index on STATES.key per key.
UNWIND $keys AS k
CALL {
  WITH k
  MATCH ()-[s:STATES]->() WHERE s.key = k
  RETURN count(s) AS total
}
CALL {
  WITH k
  MATCH (d)-[s:STATES]->() WHERE s.key = k
  RETURN d, s LIMIT $per
}
RETURN k AS key, total, d.name AS doc, d.title AS title, s.evidence AS evidence, s.evidence_year AS years
