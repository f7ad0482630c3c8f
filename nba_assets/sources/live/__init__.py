"""The live sources: stats.nba.com (``stats_nba/``), sportsbook odds (``odds/``), injury reports."""
