"""The demo league: a deterministic synthetic NBA season, landed like any other source."""
