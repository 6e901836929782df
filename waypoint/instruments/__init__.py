"""Instruments as data: definitions (YAML or JSON) checked against a schema, their scoring, and responses.

The engine (``loader``, ``expressions``, ``scoring``) knows nothing of people or of Django: it takes a
definition's text and a set of answers, and gives back a Definition or Scores. The Django app around
it stores definition versions, an agency's imported wording, and responses about a person.
"""
