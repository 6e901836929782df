"""Instruments as data: definitions (YAML or JSON) checked against a schema, and their scoring.

This package knows nothing of people or of Django: a caller hands it a definition's text
and a set of answers, and gets back a Definition or Scores.
"""
