"""The real-data loaders (``nba_assets.sources.real``) on ``../shared/data/real``."""
