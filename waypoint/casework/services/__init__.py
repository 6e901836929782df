"""Writes for casework. Each takes a person the gate let through and records an audit event in its transaction."""
