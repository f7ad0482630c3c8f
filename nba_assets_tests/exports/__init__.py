"""Tests of ``nba_assets.exports``: the JSON documents and their files."""
