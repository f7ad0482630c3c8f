"""Tests of ``nba_assets.warehouse``: the write contract of DuckDB and BigQuery."""
