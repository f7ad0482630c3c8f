"""Sportsbook lines: The Odds API, its snapshot files, and the quotes -> landing rows."""
