"""Survivor records: people, care teams, consent releases, safe contact, and the access gate."""
