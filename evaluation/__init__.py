"""Scoring extraction against hand-made gold, and training the relation scorer from it.

  gold.py      gold files (ANNOTATION.md format) and their texts; matching names to gold
  scoring.py   precision / recall / F1 of document graphs, in memory (no store needed)
  training.py  labelled candidates, the logistic models, cross-validation by document
"""
