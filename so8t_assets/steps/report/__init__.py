"""The session report: statistics gathered from a session's tables, and its dashboard."""
