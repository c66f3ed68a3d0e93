// Which of the relationships $keys the documents named $names state: the document filter, where a
// view holds only a sample of a relationship's source documents (statement_evidence's $per).
UNWIND $names AS name
MATCH (d:Document {name: name})-[s:STATES]->()
WHERE s.key IN $keys
RETURN DISTINCT s.key AS key
