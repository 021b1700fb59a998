"""The control API's test-double routes: the request journal (`/_mock/requests`) and fault rules
(`/_mock/faults`). They reach the serving instance's journal and rules (http/powers.py) through its
controller, which is a `MockTwitch`."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from twitch_mock.control.session import controller
from twitch_mock.core.clock import parse_rfc3339
from twitch_mock.core.errors import BadRequest, NotFound, malformed
from twitch_mock.domain.services import Services
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.journal import Filter, valid_status
from twitch_mock.http.powers import Powers
from twitch_mock.http.results import Data, NoContent

FILTERS = ("method", "path", "status", "user_id", "client_id", "since")


@runtime_checkable
class Armed(Protocol):
    """A controller that has the journal and the fault rules (MockTwitch)."""

    @property
    def powers(self) -> Powers: ...


def powers(services: Services) -> Powers:
    found = controller(services)
    if not isinstance(found, Armed):
        raise NotFound("The request journal and fault rules are served only by a MockTwitch instance")
    return found.powers


def journal_filter(ctx: Ctx) -> Filter:
    """The filters of `GET /_mock/requests` (an unknown parameter is refused: a typo must not pass)."""
    query = ctx.query
    unknown = sorted(set(query.values) - set(FILTERS))
    if unknown:
        raise BadRequest(f'Unknown parameter "{unknown[0]}"; expected some of: {", ".join(FILTERS)}')
    status = query.get("status")
    if status is not None and not valid_status(status):
        raise malformed("status", "the value must be an HTTP status (200) or a class of them (4xx)")
    since_text = query.get("since")
    since = None
    if since_text is not None:
        try:
            since = parse_rfc3339(since_text)
        except ValueError:
            raise malformed("since", "the value must be an RFC3339 time") from None
    return Filter(
        method=query.get("method"),
        path=query.get("path"),
        status=status,
        user_id=query.get("user_id"),
        client_id=query.get("client_id"),
        since=since,
    )


def get_requests(ctx: Ctx) -> Data:
    where = journal_filter(ctx)
    return Data([r.to_json() for r in powers(ctx.services).journal.read(where)])


def delete_requests(ctx: Ctx) -> NoContent:
    powers(ctx.services).journal.clear()
    return NoContent()


def post_fault(ctx: Ctx) -> Data:
    rule = powers(ctx.services).faults.add(ctx.body.fields)
    return Data([rule.to_json()])


def get_faults(ctx: Ctx) -> Data:
    return Data([r.to_json() for r in powers(ctx.services).faults.rules])


def delete_faults(ctx: Ctx) -> NoContent:
    powers(ctx.services).faults.clear()
    return NoContent()


def delete_fault(ctx: Ctx) -> NoContent:
    rule_id = ctx.request.path.rstrip("/").rsplit("/", 1)[1]
    if not powers(ctx.services).faults.remove(rule_id):
        raise NotFound(f"No fault rule with id {rule_id}")
    return NoContent()


ENDPOINTS = (
    Endpoint("GET", "/requests", get_requests, auth=Auth.NONE),
    Endpoint("DELETE", "/requests", delete_requests, auth=Auth.NONE),
    Endpoint("POST", "/faults", post_fault, auth=Auth.NONE),
    Endpoint("GET", "/faults", get_faults, auth=Auth.NONE),
    Endpoint("DELETE", "/faults", delete_faults, auth=Auth.NONE),
    Endpoint("DELETE", "/faults/{id}", delete_fault, auth=Auth.NONE),
)
