"""Asset checks: rules in thresholds.yaml, evaluated in SQL over each run's date range."""
