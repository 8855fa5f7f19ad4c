"""The Accounts page: live-sync accounts with their last sync and error, add or remove one, "Sync now"."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from innercircle.core.accounts import KINDS
from innercircle.core.errors import InnercircleError, UserInputError
from innercircle.results.accounts import SyncStatus
from innercircle.services.runtime.background import SyncRunner
from innercircle.services.syncing import add_account, list_accounts, remove_account
from innercircle.web.common import comma_list, go, render, ws
from innercircle.web.security import require_csrf

router = APIRouter()
WEB_NO_ENV = (
    "a password from an environment variable can be set only on the command line "
    "(innercircle account add … --password-env VAR); here, type the password: it goes to the OS keyring"
)


def runner(request: Request) -> SyncRunner:
    """The app's one "Sync now" runner (made on first use); the analyses are dropped after a sync."""
    state = request.app.state
    if getattr(state, "sync_runner", None) is None:
        state.sync_runner = SyncRunner(ws(request), after=ws(request).cache.drop_analyses)
    return state.sync_runner  # type: ignore[no-any-return]


def _page(
    request: Request,
    status_code: int = 200,
    error: str | None = None,
    form: dict[str, str] | None = None,
    flash: str = "",
) -> Response:
    accounts = list_accounts(ws(request))
    run = runner(request)
    return render(
        request,
        "accounts.html",
        status_code=status_code,
        accounts=accounts,
        kinds=KINDS,
        running=run.running,
        run_error=run.error,
        error=error,
        form=form or {},
        flash=flash,
    )


@router.get("/accounts", include_in_schema=False)
def accounts_page(request: Request, flash: str = "") -> Response:
    """Every account: where, who, last sync, last error; the add form and the Sync now button."""
    return _page(request, flash=flash)


@router.post("/accounts", include_in_schema=False, dependencies=[Depends(require_csrf)])
async def accounts_add(
    request: Request,
    kind: Annotated[str, Form()],
    name: Annotated[str, Form()],
    url: Annotated[str, Form()],
    user: Annotated[str, Form()],
    password: Annotated[str, Form()] = "",
    password_env: Annotated[str, Form()] = "",
    folders: Annotated[str, Form()] = "",
    insecure: Annotated[str, Form()] = "",
) -> Response:
    """Add an account; its password goes to the OS keyring.

    Never an environment variable here: the sync would send whatever variable is named (the web token,
    the database URL with its password) to the URL given, so only the command line may name one.
    """
    chosen = comma_list(folders)
    form = {"kind": kind, "name": name, "url": url, "user": user, "folders": folders}
    if password_env.strip():
        return _page(request, 400, WEB_NO_ENV, form)
    try:
        await run_in_threadpool(
            add_account, ws(request), kind, name.strip(), url, user, password or None, chosen,
            False, bool(insecure), None,
        )  # fmt: skip
    except InnercircleError as exc:
        return _page(request, 400, str(exc), form)
    return RedirectResponse("/accounts", status_code=303)


@router.post("/accounts/remove", include_in_schema=False, dependencies=[Depends(require_csrf)])
def accounts_remove(request: Request, name: Annotated[str, Form()]) -> Response:
    """Remove an account and its keyring password; what it synced stays (``import-undo`` removes that)."""
    if runner(request).running:
        raise UserInputError("a sync is going on: remove the account once it has finished")
    gone = remove_account(ws(request), name)
    ws(request).cache.drop_analyses()
    return go(request, "/accounts", f"Removed the account {gone.name}; what it synced stays.")


@router.post("/accounts/sync", include_in_schema=False, dependencies=[Depends(require_csrf)])
def accounts_sync(request: Request, name: Annotated[str, Form()] = "") -> Response:
    """Start a sync in the background (one account or all) and come back at once."""
    runner(request).start(name or None)
    return RedirectResponse("/accounts", status_code=303)


@router.get("/api/accounts", tags=["accounts"])
def api_accounts(request: Request) -> SyncStatus:
    """The accounts (never a password) and whether a sync started from the web is going on."""
    run = runner(request)
    return SyncStatus(syncing=run.running, error=run.error, accounts=list_accounts(ws(request)))
