"""Device-side sync: pull the hub's change feed into the local store."""
