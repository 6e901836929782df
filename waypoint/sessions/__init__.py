"""Sessions that know their user, so that ending a user's sessions is one indexed DELETE (decision 0003)."""
