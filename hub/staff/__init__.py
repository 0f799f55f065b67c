"""Staff: console accounts and sessions, users and roles, their notifications, and the audit log."""
