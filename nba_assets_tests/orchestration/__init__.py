"""The code location and its operation: definitions, automation, backfills, runs, the instance."""
