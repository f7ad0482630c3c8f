"""Tests of ``nba_assets.alerts``: the sensors and the webhook."""
