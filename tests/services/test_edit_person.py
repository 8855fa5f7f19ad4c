"""Editing a person: the fields given change, the others stay, an identity of someone else is refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from innercircle.core.errors import NotFoundError, UserInputError
from innercircle.core.model import Person
from innercircle.services import Workspace
from innercircle.services.people import add_person, edit_person, person_record

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_edit_changes_what_is_given_and_keeps_the_rest(ws: Workspace) -> None:
    with ws.begin() as tx:
        grace = add_person(
            tx, Person(name="Grace Hopper", org="Navy", title="Rear Admiral"), ["g@navy.example"], NOW
        )
        add_person(tx, Person(name="Alan Turing"), ["alan@bletchley.example"], NOW)
    with ws.begin() as tx:
        edited = edit_person(
            tx,
            str(grace.person_id),
            {"org": "Harvard Mark I", "location": "Cambridge, MA", "title": ""},
            tags=["cobol", " compilers ", ""],
            add_idents=["grace@harvard.example", "g@navy.example"],
        )
    assert (edited.name, edited.org, edited.title, edited.location) == (
        "Grace Hopper",
        "Harvard Mark I",
        None,
        "Cambridge, MA",
    )
    assert edited.tags == ["cobol", "compilers"]
    assert {i.value for i in edited.identities} == {"g@navy.example", "grace@harvard.example"}
    with ws.read() as tx:
        assert person_record(tx, grace.person_id) == edited


def test_edit_refuses_what_would_break_the_record(ws: Workspace) -> None:
    with ws.begin() as tx:
        grace = add_person(tx, Person(name="Grace Hopper"), [], NOW)
        add_person(tx, Person(name="Alan Turing"), ["alan@bletchley.example"], NOW)
    pid = str(grace.person_id)
    bad = [
        ({"name": "  "}, None, None, "empty name"),
        ({"org": "x" * 301}, None, None, "longer than 300"),
        ({"age": "42"}, None, None, "cannot edit 'age'"),
        ({}, None, None, "nothing to change"),
        ({}, None, ["alan@bletchley.example"], "already belongs to person"),
    ]
    for changes, tags, idents, message in bad:
        with pytest.raises(UserInputError, match=message), ws.begin() as tx:
            edit_person(tx, pid, changes, tags, idents)
    with pytest.raises(NotFoundError), ws.begin() as tx:
        edit_person(tx, "424242", {"org": "Nowhere"})
    with ws.read() as tx:
        assert person_record(tx, grace.person_id).name == "Grace Hopper"
