"""The database backend of the settings when DATABASE_URL is unset (see base.py)."""
