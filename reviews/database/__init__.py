"""What the database keeps itself, whoever writes: triggers, optimistic concurrency, bulk writes, lookups."""
