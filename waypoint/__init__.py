"""Waypoint: case management and learning for people who support survivors of sex trafficking."""
