"""What is asked of the graph: the canned-query catalogue (catalogue.py), stories for meetings
(stories.py), results as text (formats.py), and the project's own reads (reads.py). The Cypher
itself is in cypher/."""
