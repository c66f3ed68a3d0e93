// title.zh: 文档贡献的关系
// title.en: What a document says
// description: Every relationship read from the chosen source document, with the sentence it came from.
// description.zh: 从所选文档读出的每一条关系，以及出处句子。
// param.document: type=string; default=essays/004_44515291548fcc16.txt; choices=Document
MATCH (a)-[r]->(b)
WHERE type(r) <> 'MENTIONS' AND $document IN r.sources
RETURN a AS head_node, r AS rel, b AS tail_node,
       a.name AS head, type(r) AS type, b.name AS tail, r.confidence AS confidence, r.evidence AS evidence
ORDER BY type, head, tail
