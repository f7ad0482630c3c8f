"""nba_assets: a Dagster code location that turns NBA data into player-points prop predictions."""
