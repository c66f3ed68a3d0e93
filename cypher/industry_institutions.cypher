// title.zh: 支持某产业的机构与政策
// title.en: Institutions and policies supporting an industry
// description: Organisations and policy instruments that fund, research, serve or name the chosen industry, with the evidence.
// description.zh: 资助、研究、服务或点名支持所选产业的机构与政策，附证据。
// param.industry: type=string; default=生物医药; choices=Industry; zh=产业; en=Industry
MATCH (s)-[r:SUPPORTS]->(i:Industry {name: $industry})
RETURN s AS supporter_node, r AS rel, i AS industry_node,
       s.name AS supporter, labels(s)[0] AS kind, r.count AS mentions, r.source_count AS documents,
       r.evidence AS evidence
ORDER BY mentions DESC, supporter
