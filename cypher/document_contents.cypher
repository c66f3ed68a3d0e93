// title.zh: 文档贡献的关系
// title.en: What a document says
// description: Every relationship read from the chosen source document, with the sentence it came from.
// description.zh: 从所选文档读出的每一条关系，以及出处句子。
// param.document: type=string; default=essays/004_44515291548fcc16.txt; choices=Document; zh=文档; en=Document
// The document's own STATES edges say what it states, with its own sentences and confidence.
// The far end is looked up by its label's name index, then the relationship between the two.
MATCH (d:Document {name: $document})-[s:STATES]->(a)
OPTIONAL MATCH (i:Industry {name: s.tail}) WHERE s.tail_label = 'Industry'
OPTIONAL MATCH (c:City {name: s.tail}) WHERE s.tail_label = 'City'
OPTIONAL MATCH (v:Province {name: s.tail}) WHERE s.tail_label = 'Province'
OPTIONAL MATCH (g:Region {name: s.tail}) WHERE s.tail_label = 'Region'
OPTIONAL MATCH (n:Institution {name: s.tail}) WHERE s.tail_label = 'Institution'
WITH a, s, coalesce(i, c, v, g, n) AS b
MATCH (a)-[r]->(b) WHERE type(r) = s.type
RETURN a AS head_node, r AS rel, b AS tail_node,
       a.name AS head, s.type AS type, b.name AS tail, s.confidence AS confidence, s.evidence AS evidence
ORDER BY type, head, tail
