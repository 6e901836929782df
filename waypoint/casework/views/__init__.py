"""Casework pages, one module per subject. Each view: decorator, fetch through the gate, form, service, render."""
