"""Phase 6: per-date JSON documents built from the prediction tables, for websites and apps."""
