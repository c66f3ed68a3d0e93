// title.zh: 两步之内的关联
// title.en: Everything within two steps
// description: All entities and relationships within two steps of the chosen entity (documents left out).
// description.zh: 所选实体两步之内的全部实体和关系（不含文档）。
// param.entity: type=string; default=成都; choices=any; zh=实体; en=Entity
// The entity looked up by each label's name index (an unlabelled match scans every node);
// only the schema's relationships, so no path passes through a document.
OPTIONAL MATCH (c:City) WHERE c.name IN [$entity]
WITH collect(c) AS cities
OPTIONAL MATCH (v:Province) WHERE v.name IN [$entity]
WITH cities, collect(v) AS provinces
OPTIONAL MATCH (r:Region) WHERE r.name IN [$entity]
WITH cities, provinces, collect(r) AS regions
OPTIONAL MATCH (z:Zone) WHERE z.name IN [$entity]
WITH cities, provinces, regions, collect(z) AS zones
OPTIONAL MATCH (i:Industry) WHERE i.name IN [$entity]
WITH cities, provinces, regions, zones, collect(i) AS industries
OPTIONAL MATCH (b:Institution) WHERE b.name IN [$entity]
WITH cities, provinces, regions, zones, industries, collect(b) AS bodies
OPTIONAL MATCH (p:Policy) WHERE p.name IN [$entity]
WITH cities, provinces, regions, zones, industries, bodies, collect(p) AS policies
UNWIND cities + provinces + regions + zones + industries + bodies + policies AS found
MATCH path = (found)-[:TARGETS|SUPPORTS|LOCATED_IN|ISSUED_BY|PART_OF*1..2]-(m)
// past the cap, direct neighbours first and the same 300 on every store (an unordered LIMIT
// let each store keep a different 300)
WITH path, m, nodes(path)[1] AS via, relationships(path) AS rs
ORDER BY length(path), via.name, m.name, type(rs[0]), type(rs[size(rs) - 1])
LIMIT 300
RETURN path
