"""Failure alerts: Dagster sensors posting to a Slack-compatible webhook (README, "Alerts")."""
