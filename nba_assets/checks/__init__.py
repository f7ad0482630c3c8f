"""Asset checks: rules in thresholds.yaml, evaluated in SQL over each run's date range, under the
deployment's check policy (an optional override file merged over the packaged rules)."""
