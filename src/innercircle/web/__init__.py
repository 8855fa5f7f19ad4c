"""The local web app and JSON API (FastAPI)."""
