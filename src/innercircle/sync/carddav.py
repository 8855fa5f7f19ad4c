"""CardDAV address books: the cards added or changed since the last sync, through the vCard importer.

The WebDAV side (discovery, sync-token or ctag + etags, multiget) is ``sync/webdav.py``. Each card goes
through the vCard file importer's own parser (``importers.vcard.parse_text``), so a contact from the server
and the same card from a file resolve to the same person. State: ``{"books": webdav state}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from innercircle.core.records import CardRecord
from innercircle.importers import vcard
from innercircle.sync import webdav
from innercircle.sync.base import Account, Item, Options, Progress, Pull, SyncError, read_item

FLAVOR = webdav.Flavor(
    ns="urn:ietf:params:xml:ns:carddav",
    collection="addressbook",
    home="addressbook-home-set",
    multiget="addressbook-multiget",
    data="address-data",
    noun="address book",
)


def pull(
    account: Account,
    password: str,
    state: Mapping[str, Any],
    options: Options,
    progress: Progress | None = None,
    use_sync_token: bool = True,
) -> Pull:
    """Cards added or changed since ``state`` in every address book of the account."""

    def read(href: str, text: str) -> list[Item]:
        return cards(account.name, href, text, options)

    got = webdav.pull(FLAVOR, account, password, state.get("books") or {}, read, progress, use_sync_token)
    got.state = {"books": got.state}
    return got


def cards(account: str, href: str, text: str, options: Options) -> list[Item]:
    """One address-book entry through the vCard importer; an entry with no usable card is an error."""
    items = read_item(account, href, "vCard", lambda: vcard.parse_text(text, href, options))
    if not any(isinstance(i, CardRecord) for i in items):
        raise SyncError(account, "malformed vCard (no name, email or phone in it)", item=href)
    return items
