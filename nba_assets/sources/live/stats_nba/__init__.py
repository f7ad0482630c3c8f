"""stats.nba.com through ``nba_api``: the client, which endpoints land which feed, the parsing."""
