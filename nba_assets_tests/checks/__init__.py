"""Tests of ``nba_assets.checks``: each check fails on broken data; the policy file."""
