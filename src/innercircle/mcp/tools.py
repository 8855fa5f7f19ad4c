"""What an assistant may ask innercircle: one ``Tool`` per question, its arguments as a pydantic model
(their descriptions are what the assistant reads), the use case it calls, and the result it answers.

A tool answers the typed result of its use case as ``--json`` prints it (``results.moments.jsonable``, on
the owner's clock); a list is put under one key (``{"people": [...]}``), because a tool's structured
answer is a JSON object. The SDK is not imported here: the table can be read and called without it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from innercircle.core.model import DETAIL_KINDS, Channel
from innercircle.results import choices
from innercircle.results.advice import FocusItem, Followup
from innercircle.results.brief import Brief
from innercircle.results.health import Health
from innercircle.results.intros import IntroResult
from innercircle.results.people import PersonRow, Profile
from innercircle.results.records import LoggedInteraction, RememberedDetail
from innercircle.results.review import Review

if TYPE_CHECKING:
    from innercircle.services import Workspace


class Args(BaseModel):
    """The base of every tool's arguments: nothing beyond what is declared, each described."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


class NoArgs(Args):
    """A tool that takes no arguments."""


class FindArgs(Args):
    query: str = Field(min_length=1)
    """Part of a name, an organization, a title, an email, a phone or a handle."""
    limit: int = Field(10, ge=1, le=100)
    """At most this many people, strongest ties first."""


class PersonArgs(Args):
    person: str = Field(min_length=1)
    """The person: their id (from find_person), email, phone, or name (a part of it or a close spelling
    will do when only one person matches)."""


class LimitArgs(Args):
    limit: int = Field(10, ge=1, le=100)
    """At most this many, most pressing first."""


class IntroArgs(Args):
    person: str | None = None
    """The person to be introduced to (id, email or name); or give organization instead."""
    organization: str | None = None
    """Anyone at this organization (a name as the user's contacts spell it)."""


class BriefArgs(Args):
    date: str | None = None
    """The first day: YYYY-MM-DD, today or tomorrow (the user's calendar); default today."""
    days: int | None = Field(None, ge=1, le=31)
    """How many days from it; default today and tomorrow, or the given date alone."""


class LogArgs(Args):
    channel: str = Field(json_schema_extra=choices(c.value for c in Channel))
    """How it happened."""
    people: list[str] = Field(min_length=1)
    """Who took part besides the user: ids, emails or names."""
    at: str = "now"
    """When: now, today, yesterday, '3 days ago', YYYY-MM-DD or YYYY-MM-DDTHH:MM (the user's local time)."""
    minutes: int | None = Field(None, ge=0)
    """How long it took."""
    note: str | None = None
    """What it was about, in a line: the next brief and follow-up draft quote it."""
    by: str = Field("me", json_schema_extra=choices(("me", "them")))
    """Who reached out: me (the user) or them."""
    future: bool = False
    """True to record a planned interaction (a date after today); otherwise a later date is refused."""


class RememberArgs(Args):
    person: str = Field(min_length=1)
    """The person: id, email or name."""
    text: str = Field(min_length=1)
    """The detail, as the user would want to be reminded of it ("daughter starts university in
    October")."""
    kind: str = Field("note", json_schema_extra=choices(DETAIL_KINDS))
    """What sort of detail it is; birthday and anniversary are dated by on."""
    on: str | None = None
    """Its date (YYYY-MM-DD, or today, tomorrow…) when it has one."""


@dataclass(frozen=True)
class Tool:
    """One question an assistant may ask: its name, what it is for (the assistant reads ``description``
    to decide when to call it), its arguments, the result it answers (``key``: the object key a list is
    answered under), whether it writes, and the function that answers it on a workspace."""

    name: str
    title: str
    description: str
    args: type[Args]
    result: Any
    run: Callable[[Workspace, Any], Any]
    key: str | None = None
    write: bool = False

    def input_schema(self) -> dict[str, Any]:
        """The JSON schema of the arguments."""
        return self.args.model_json_schema()

    def output_schema(self) -> dict[str, Any]:
        """The JSON schema of the answer: the result model's, a list under ``key`` (its definitions at the
        root, where its references point)."""
        schema = TypeAdapter(self.result).json_schema(mode="serialization")
        if self.key is None:
            return schema
        defs = schema.pop("$defs", None)
        wrapped: dict[str, Any] = {
            "type": "object",
            "properties": {self.key: schema},
            "required": [self.key],
            "additionalProperties": False,
        }
        return wrapped | ({"$defs": defs} if defs else {})

    def call(self, ws: Workspace, arguments: dict[str, Any]) -> dict[str, Any]:
        """Validate ``arguments``, run the use case, and answer its result as JSON data."""
        from innercircle.results.moments import jsonable
        from innercircle.services.runtime.localzone import get_zone

        args = self.args.model_validate(arguments)
        result = self.run(ws, args)
        with ws.read() as tx:
            zone = get_zone(tx)
        data = jsonable(result, zone)
        return {self.key: data} if self.key is not None else data


# ---------------------------------------------------------------- the read tools


def _find(ws: Workspace, args: FindArgs) -> list[PersonRow]:
    from innercircle.services import directory

    now = ws.now()
    with ws.read() as tx:
        rows = directory.select(directory.people_rows(tx, now), args.query)
    rows.sort(key=lambda r: -(r.strength or 0.0))
    return rows[: args.limit]


def _show(ws: Workspace, args: PersonArgs) -> Profile:
    from innercircle.services import directory

    now = ws.now()
    with ws.read() as tx:
        return directory.profile(tx, args.person, now)


def _followups(ws: Workspace, args: LimitArgs) -> list[Followup]:
    from innercircle.services import followups

    now = ws.now()
    with ws.read() as tx:
        return followups.followups_at(tx, now)[: args.limit]


def _focus(ws: Workspace, args: LimitArgs) -> list[FocusItem]:
    from innercircle.services import strategy

    now = ws.now()
    with ws.read() as tx:
        return strategy.focus_list(strategy.load_context(tx, now), args.limit)


def _health(ws: Workspace, _args: NoArgs) -> Health:
    from innercircle.services import health

    now = ws.now()
    with ws.read() as tx:
        return health.health(tx, now)


def _intro(ws: Workspace, args: IntroArgs) -> IntroResult:
    from innercircle.core.errors import UserInputError
    from innercircle.services import intros

    if not (args.person or args.organization):
        raise UserInputError("give the person to be introduced to, or an organization")
    now = ws.now()
    with ws.read() as tx:
        return intros.intro(tx, args.person, now, org=args.organization)


def _brief(ws: Workspace, args: BriefArgs) -> Brief:
    from innercircle.services.brief import brief, days_asked

    now = ws.now()
    with ws.read() as tx:
        return brief(tx, *days_asked(tx, now, args.date, args.days), now)


def _review(ws: Workspace, _args: NoArgs) -> Review:
    from innercircle.services.review import build_review

    now = ws.now()
    with ws.read() as tx:
        return build_review(tx, now)


# ---------------------------------------------------------------- the write tools


def _log(ws: Workspace, args: LogArgs) -> LoggedInteraction:
    from innercircle.core.dates import parse_when
    from innercircle.core.errors import UserInputError
    from innercircle.services import logbook
    from innercircle.services.runtime.localzone import get_zone

    now = ws.now()
    with ws.read() as tx:
        zone = get_zone(tx)
    when = parse_when(args.at, now, zone)
    try:
        with ws.begin() as tx:
            return logbook.log_interaction(
                tx, args.channel, args.people, when, now, args.minutes, args.note, args.by, args.future
            )
    except logbook.FutureDateError as exc:
        raise UserInputError(f"{exc}; set future to true to record a planned one") from None


def _remember(ws: Workspace, args: RememberArgs) -> RememberedDetail:
    from innercircle.core.dates import parse_when
    from innercircle.services import logbook
    from innercircle.services.runtime.localzone import get_zone

    now = ws.now()
    with ws.read() as tx:
        zone = get_zone(tx)
    on = parse_when(args.on, now, zone) if args.on else None
    with ws.begin() as tx:
        return logbook.remember(tx, args.person, args.text, now, args.kind, on)


TOOLS: tuple[Tool, ...] = (
    Tool(
        "find_person",
        "Find a person",
        "Search the user's network by part of a name, organization, title, email, phone or handle. "
        "Answers matching people, strongest tie first, each with their id, organization, title, tie "
        "tier and strength. Use it to turn a name the user mentions into an id for the other tools.",
        FindArgs,
        list[PersonRow],
        _find,
        key="people",
    ),
    Tool(
        "show_person",
        "Show a person",
        "Everything the user's network knows about one person: organization, title, identities, where "
        "they came from, the tie (strength, tier, trend and why), remembered details, favours either "
        "way, and the latest interactions. Call it before the user contacts or meets someone.",
        PersonArgs,
        Profile,
        _show,
    ),
    Tool(
        "followups",
        "Follow-ups due",
        "Who the user should get back to now, most pressing first (replies owed first), each with why "
        "and a draft message to adapt. Use it when the user asks who to reach out to or what they owe.",
        LimitArgs,
        list[Followup],
        _followups,
        key="followups",
    ),
    Tool(
        "focus_list",
        "Focus list",
        "The few people worth investing in now: tie strength × fit with the user's goals × room to grow "
        "or risk of cooling, each with the reason. Use it for 'who should I spend time on'.",
        LimitArgs,
        list[FocusItem],
        _focus,
        key="focus",
    ),
    Tool(
        "health_signs",
        "Networking health",
        "The signs of over-networking (too many weak ties, time spent against the budget, strong ties "
        "cooling…), each with its value, levels and trend, one verdict and the top actions.",
        NoArgs,
        Health,
        _health,
    ),
    Tool(
        "meeting_brief",
        "Meeting brief",
        "Before the user's meetings: every meeting in their calendar on the days asked (default today "
        "and tomorrow) with one card per attendee they know: who they are and how the user knows them, "
        "the tie and its trend, the last contact and its subject, remembered details, open asks and "
        "favours either way, the goals they fit, what to bring up and what to ask. Attendees the user "
        "does not know are listed by name only.",
        BriefArgs,
        Brief,
        _brief,
    ),
    Tool(
        "intro_path",
        "Warm introduction path",
        "How the user can reach a person or anyone at an organization through people they know: the "
        "warm paths (each hop with its evidence), or honestly none, and who is closest there. Give "
        "person or organization.",
        IntroArgs,
        IntroResult,
        _intro,
    ),
    Tool(
        "weekly_review",
        "Weekly review",
        "The user's whole weekly review in one answer: focus, follow-ups with drafts, upcoming events "
        "to attend or skip, health signs, outcomes, warm intros to goal organizations, and the week's "
        "reflection questions. Large: prefer the narrower tools for one question.",
        NoArgs,
        Review,
        _review,
    ),
    Tool(
        "log_interaction",
        "Log an interaction",
        "Record that the user met, called, messaged or mailed someone (writes to the user's database). "
        "Only what the user says happened, with a one-line note of what it was about.",
        LogArgs,
        LoggedInteraction,
        _log,
        write=True,
    ),
    Tool(
        "remember_detail",
        "Remember a detail",
        "Keep a personal detail about someone for the next brief and follow-up (writes to the user's "
        "database): family, passions, challenges, achievements, an ask, a birthday. Only what the user "
        "tells you to keep.",
        RememberArgs,
        RememberedDetail,
        _remember,
        write=True,
    ),
)

BY_NAME = {t.name: t for t in TOOLS}
