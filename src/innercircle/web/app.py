"""The FastAPI application: pages, the JSON API, the calendar feed, and the rules around them."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException
from swagger_ui_bundle import swagger_ui_path

from innercircle.config import Config
from innercircle.core.errors import InnercircleError, NotFoundError
from innercircle.reports.html import environment
from innercircle.services import Workspace, utcnow
from innercircle.services.runtime.serving import check_bind, feed_key, revoked_sessions
from innercircle.web import data
from innercircle.web.common import HERE, BodyLimit, for_the_web, form_error, is_htmx, render
from innercircle.web.security import SECURITY_HEADERS, CsrfError, Guard, make_middleware

log = logging.getLogger("innercircle.web")

DESCRIPTION = (
    "The JSON API of innercircle, a local-first strategic networking assistant. "
    "When the server runs with a token, send `Authorization: Bearer TOKEN`."
)


def create_app(
    config: Config | None = None,
    clock: Callable[[], datetime] | None = None,
    workspace: Workspace | None = None,
    warm: bool = True,
) -> FastAPI:
    """The web app over the database in ``config`` (refuses a non-loopback host without a token).

    ``warm``: compute the analyses in the background at startup, so the first page is quick.
    """
    config = config or Config()
    check_bind(config.host, config.token)
    ws = workspace or Workspace(config.db_url(), region=config.default_region)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm:
            threading.Thread(target=_warm, args=(app,), daemon=True, name="innercircle-warm").start()
        yield
        if workspace is None:
            ws.close()

    app = FastAPI(
        title="innercircle",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served below from the package: /docs works offline
        redoc_url=None,
    )
    app.state.config = config
    app.state.ws = ws
    real = clock or utcnow
    app.state.clock = lambda: ws.now(real())  # a demo database's pages live on its story day, like the CLI
    app.state.guard = (
        Guard(config.token, feed_key=feed_key(ws), revoked=revoked_sessions(ws))
        if config.token
        else Guard(None)
    )
    app.state.templates = _templates()
    # Swagger UI's files come from the swagger-ui-bundle package (offline, not vendored here)
    app.mount("/static/swagger", StaticFiles(directory=str(swagger_ui_path)), name="swagger")
    # the app's own files, and the stylesheet it shares with the offline review (reports/static)
    app.mount(
        "/static",
        StaticFiles(directory=HERE / "static", packages=[("innercircle.reports", "static")]),
        name="static",
    )
    app.middleware("http")(make_middleware(app.state.guard))
    app.add_middleware(BodyLimit, max_bytes=config.max_upload_mb * 1_000_000)
    _routes(app)
    _handlers(app)
    return app


def _docs(app: FastAPI) -> None:
    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        page = get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="innercircle API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/swagger/favicon-32x32.png",
        )
        # Swagger UI starts from one inline script: allow exactly that script, by its hash
        page.headers["Content-Security-Policy"] = SECURITY_HEADERS["Content-Security-Policy"].replace(
            "script-src 'self'", f"script-src 'self' {_inline_hashes(bytes(page.body))}"
        )
        return page


def _inline_hashes(html: bytes) -> str:
    """CSP source expressions for every inline ``<script>`` of a page."""
    import base64
    import hashlib
    import re

    scripts = re.findall(rb"<script>(.*?)</script>", html, flags=re.DOTALL)
    return " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(body).digest()).decode()}'" for body in scripts
    )


def _warm(app: FastAPI) -> None:
    """Fill the analysis cache (requests arriving meanwhile wait for it instead of redoing it)."""
    try:
        now = app.state.clock()
        with app.state.ws.read() as tx:
            data.review(tx, now)
            data.ties_by_person(tx, now)
    except Exception:  # a broken database shows on the first page, with its own message
        log.warning("could not precompute the analyses", exc_info=True)


def _templates() -> Jinja2Templates:
    return Jinja2Templates(env=environment(HERE / "templates"))  # the review page is the report's own


def _routes(app: FastAPI) -> None:
    from innercircle.web.routes import accounts, api, auth, brief, feed, imports, pages, people, plans, shell

    for module in (auth, shell, pages, people, plans, brief, imports, accounts, feed, api):
        app.include_router(module.router)
    _docs(app)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _error(request: Request, status: int, title: str, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=status)
    if is_htmx(request):  # a form sent by htmx: the message goes in its error slot (static/app.js)
        return form_error(message, status)
    return render(request, "error.html", status_code=status, title=title, message=message)


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(InnercircleError)
    async def user_error(request: Request, exc: InnercircleError) -> Response:
        status = 404 if isinstance(exc, NotFoundError) else 400
        return _error(request, status, "That did not work", for_the_web(str(exc)))

    @app.exception_handler(CsrfError)
    async def csrf_error(request: Request, exc: CsrfError) -> Response:
        return _error(request, 403, "Form expired", str(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = {404: "There is nothing at this address."}.get(exc.status_code, str(exc.detail))
        return _error(request, exc.status_code, f"Error {exc.status_code}", message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        fields = "; ".join(f"{'.'.join(map(str, e['loc'][1:]))}: {e['msg']}" for e in exc.errors())
        if _wants_json(request):  # each error by where it is, and all of them in one message to show
            return JSONResponse({"detail": _plain_errors(exc), "message": fields}, status_code=422)
        return _error(request, 422, "Please check the form", fields)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        message = "Something went wrong on our side; the details are in the server's log."
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=500)
        if is_htmx(request):
            return form_error(message, 500)
        return render(request, "error.html", status_code=500, title="Something went wrong", message=message)


def _plain_errors(exc: RequestValidationError) -> list[dict[str, object]]:
    return [{"loc": list(e["loc"]), "msg": str(e["msg"]), "type": str(e["type"])} for e in exc.errors()]
