"""Tests of ``nba_assets.models``: the prediction systems and their probabilities."""
