// Each industry and its parent in the taxonomy (the pickers show where an industry sits).
MATCH (i:Industry)-[:PART_OF]->(p:Industry) RETURN i.name AS industry, p.name AS parent
