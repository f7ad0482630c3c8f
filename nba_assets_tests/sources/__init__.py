"""Tests of ``nba_assets.sources``: the landing format, parsing, the registry, the demo and live sources."""
