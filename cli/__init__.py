"""The `kg` command (main.py) and the demo's documents (essays/)."""
