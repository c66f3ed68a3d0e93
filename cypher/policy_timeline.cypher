// title.zh: 政策时间线
// title.en: Timeline of policies
// description: Policies by the years their evidence sentences give, with their issuers.
// description.zh: 按证据句中年份排列的政策及其发布者。
// chart: timeline; x=year; y=policy
MATCH (p:Policy)-[ib:ISSUED_BY]->(x)
UNWIND ib.years AS year
RETURN year, p.name AS policy, x.name AS issuer, labels(x)[0] AS issuer_kind
ORDER BY year, policy, issuer_kind, issuer
