"""The local web app and JSON API (FastAPI, Jinja2 + htmx, served offline)."""

from innercircle.web.app import create_app

__all__ = ["create_app"]
