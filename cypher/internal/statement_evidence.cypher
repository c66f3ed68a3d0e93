// What each document says of the relationships on screen ($keys: their statement keys,
// City:成都-TARGETS->Industry:人工智能): the evidence panel and the document filter. At most
// $limit rows (a hub relationship may be stated by thousands of documents).
UNWIND $keys AS k
MATCH (d)-[s:STATES]->() WHERE s.key = k
RETURN k AS key, d.name AS doc, d.title AS title, s.evidence AS evidence, s.evidence_year AS years
LIMIT $limit
