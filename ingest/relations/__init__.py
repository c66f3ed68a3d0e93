"""Relationships from the mentions of one sentence, one module per relationship type.

Each module's `find(sentence, ...)` returns `Found` items; the pipeline's
relations stage runs them in a fixed order and attaches the sentence and its
year as evidence. The trigger lexicons and windows come from the rules.
"""
from .clauses import Found, Sentence

__all__ = ["Found", "Sentence"]
