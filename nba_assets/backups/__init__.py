"""Daily snapshots of every warehouse table, and putting them back (README, "Backups and restore")."""
