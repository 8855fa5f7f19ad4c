"""CalDAV calendars: the objects added or changed since the last sync, through the iCalendar importer.

The WebDAV side (discovery, sync-token or ctag + etags, multiget) is ``sync/webdav.py``, shared with
CardDAV. Each calendar object goes through the iCalendar file importer's own code
(``importers.ics.parse_bytes``), so meetings and events from the server are the same records as from an
.ics file (same source ids: a calendar imported as a file and then synced is not stored twice).
State: ``{"calendars": webdav state}``.

Not the ``caldav`` package: its 2.x and 3.x releases depend on niquests, whose urllib3-future installs
itself as ``urllib3`` and broke requests-based code in the same environment (the schemathesis API test
failed with it installed), and 1.x has no fallback for servers without sync-tokens.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from innercircle.importers import ics
from innercircle.sync import webdav
from innercircle.sync.base import Account, Item, Options, Progress, Pull, read_item

FLAVOR = webdav.Flavor(
    ns="urn:ietf:params:xml:ns:caldav",
    collection="calendar",
    home="calendar-home-set",
    multiget="calendar-multiget",
    data="calendar-data",
    noun="calendar",
)


def pull(
    account: Account,
    password: str,
    state: Mapping[str, Any],
    options: Options,
    progress: Progress | None = None,
    use_sync_token: bool = True,
) -> Pull:
    """Objects added or changed since ``state`` in every calendar of the account."""

    def read(href: str, text: str) -> list[Item]:
        return objects(account.name, href, text.encode("utf-8"), options)

    got = webdav.pull(FLAVOR, account, password, state.get("calendars") or {}, read, progress, use_sync_token)
    got.state = {"calendars": got.state}
    return got


def objects(account: str, href: str, data: bytes, options: Options) -> list[Item]:
    """One calendar object through the iCalendar importer; an unreadable one is an error."""
    return read_item(account, href, "calendar object", lambda: ics.parse_bytes(data, href, options))
