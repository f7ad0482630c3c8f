"""Assets built from the table catalogue: raw feeds, SQL tables, and their checks."""
