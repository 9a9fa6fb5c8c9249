//! Zerobus Ingest client core.
