"""Synthetic demo data. Every name and record it makes is fictional; the demo and benchmarks share it."""
