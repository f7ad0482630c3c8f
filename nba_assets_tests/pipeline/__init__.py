"""Every asset over a range of data (demo league, recorded and real games) through Dagster."""
