"""The hub's JSON APIs: the device API, the admin API and fleet-update downloads."""
