"""Drawing: sentences and records into tables and pictures."""
