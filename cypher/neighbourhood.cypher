// title.zh: 两步之内的关联
// title.en: Everything within two steps
// description: All entities and relationships within two steps of the chosen entity (documents left out).
// description.zh: 所选实体两步之内的全部实体和关系（不含文档）。
// param.entity: type=string; default=成都; choices=any
MATCH path = (n {name: $entity})-[*1..2]-(m)
WHERE NOT m:Document AND ALL(x IN nodes(path) WHERE NOT x:Document)
RETURN path
LIMIT 300
