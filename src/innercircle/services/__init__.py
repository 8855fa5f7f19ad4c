"""Use cases: the only place where core, store and importers meet.

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
