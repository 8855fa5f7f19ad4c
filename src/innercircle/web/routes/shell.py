"""What makes the web app installable on a phone's home screen: the web manifest and the service worker
that keeps the app's shell (both public, like the static files: they hold nothing of the user's)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from innercircle.web.common import HERE

router = APIRouter(include_in_schema=False)

# icon-192.png and icon-512.png are icon.svg rendered at those sizes (Chromium screenshots, committed)
MANIFEST = {
    "name": "innercircle",
    "short_name": "innercircle",
    "description": "Your strategic networking assistant: who to follow up with, and what to remember.",
    "id": "/",
    "start_url": "/",
    "scope": "/",
    "display": "standalone",
    "orientation": "any",
    "background_color": "#f6f7f9",
    "theme_color": "#3457d5",
    "icons": [
        {"src": "/static/icon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
        {"src": "/static/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any"},
        {"src": "/static/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any"},
        {"src": "/static/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
    ],
}


@router.get("/manifest.webmanifest")
def manifest() -> JSONResponse:
    """The web manifest: the name, icons and colours a phone uses for the home-screen app."""
    return JSONResponse(MANIFEST, media_type="application/manifest+json")


@router.get("/sw.js")
def service_worker() -> Response:
    """The service worker, served from the root so that it may look after every page of the app."""
    return Response(
        (HERE / "static" / "sw.js").read_bytes(),
        media_type="text/javascript",
        # a browser checks for a new worker on every visit rather than trusting a cached one
        headers={"Cache-Control": "no-cache"},
    )
