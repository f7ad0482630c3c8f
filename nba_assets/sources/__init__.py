"""Where raw data comes from: the demo league, a landing directory of files, live APIs."""
