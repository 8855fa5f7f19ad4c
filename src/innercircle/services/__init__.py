"""Use cases: the only place where core, store and importers meet.

The front ends (cli, web) call the use cases below, each with the ``Tx`` of a ``Workspace``
(``with ws.read() as tx:`` or ``ws.begin()`` to write) and get typed results (innercircle/results).
What the use cases run on lives in ``services/runtime`` and is not the front ends' business, except the
workspace itself, the owner's zone and the server's checks (an import-linter contract holds them to it).

Use cases, by what the user asks:

- who matters: ``ties`` (tie strength, one person's tie), ``directory`` (list, search, show a person),
  ``people`` (find, add, edit, archive, pin), ``strategy`` (the strategic context, budget, focus, prune)
- what to do now: ``followups`` (due, drafts, done/snooze), ``review`` (the weekly review), ``health``
  (over-networking signs, outcomes), ``eventplan`` (triage, attend/skip, event review), ``intros``
  (warm introductions), ``brief`` (a card per known attendee of the coming meetings), ``digest``
  (the digest by mail)
- what the user records: ``logbook`` (interactions, details, favours), ``plans`` (goals, events,
  outcomes), ``owner`` (the owner's identities), ``merge`` (merge and unmerge people)
- data in and out: ``importing``, ``undo`` (import batches), ``syncing`` (accounts, live sync),
  ``export`` and ``portable`` (JSON, vCard, CSV), ``ownership`` (backup, restore), ``forget``
  (erase a person), ``demo`` (the demo network)
- ``views``: core objects as the typed results the use cases return

Runtime (``services/runtime``): ``workspace`` (Workspace, Tx, the clock), ``cache`` and ``cachefile``
(the one analysis cache and its file), ``resolve`` (one person across sources), ``storing`` (parsed
records into the store), ``localzone`` (the owner's zone), ``background`` (sync and the digest on a timer),
``serving`` (where the web app may listen, its keys).

``Workspace`` and ``utcnow`` are loaded on first use (PEP 562): importing one service, or the CLI for
its ``--help``, must not pay for SQLAlchemy and the store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from innercircle.services.runtime.workspace import Workspace, utcnow

__all__ = ["Workspace", "utcnow"]


def __getattr__(name: str) -> Any:
    """``Workspace`` and ``utcnow`` from services.workspace, imported when first asked for."""
    if name in __all__:
        from innercircle.services.runtime import workspace

        return getattr(workspace, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
