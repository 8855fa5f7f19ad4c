"""Use cases: the only place where core, store and importers meet."""

from innercircle.services.workspace import Workspace, utcnow

__all__ = ["Workspace", "utcnow"]
