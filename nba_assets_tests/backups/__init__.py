"""Tests of ``nba_assets.backups``: snapshots and restore."""
