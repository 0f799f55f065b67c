"""Where the hub keeps things: its tables and migrations, the content-addressed file store, backups."""
