"""Casework forms, one module per subject."""
