"""Shared test personas and helpers. Every app's tests use these, so a new route is tried by everyone."""
