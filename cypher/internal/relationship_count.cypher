// How many relationships the store holds (documents' own edges included).
MATCH ()-[r]->() RETURN count(r) AS n
