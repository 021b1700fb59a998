"""The control API's test-double routes: the request journal (`/_mock/requests`), fault rules
(`/_mock/faults`) and world snapshots (`/_mock/export`, `/_mock/import`). They reach the serving
instance's journal and rules (http/powers.py) and its snapshots (store/snapshots.py) through its
controller, which is a `MockTwitch`."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from twitch_mock.control.session import controller
from twitch_mock.core.clock import parse_rfc3339
from twitch_mock.core.errors import BadRequest, NotFound, malformed
from twitch_mock.domain.services import MockInfo, Services
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.journal import Filter, valid_status
from twitch_mock.http.powers import Powers
from twitch_mock.http.results import Bytes, Data, NoContent
from twitch_mock.store.snapshots import MEDIA_TYPE, SnapshotError

MAX_SNAPSHOT = 2 << 30  # bytes of a snapshot POST /_mock/import accepts
FILTERS = ("method", "path", "status", "user_id", "client_id", "since")


@runtime_checkable
class Armed(Protocol):
    """A controller that has the journal and the fault rules (MockTwitch)."""

    @property
    def powers(self) -> Powers: ...

    def export(self) -> bytes: ...

    def import_(self, source: bytes) -> MockInfo: ...


def armed(services: Services) -> Armed:
    found = controller(services)
    if not isinstance(found, Armed):
        raise NotFound("The request journal, faults and snapshots are served only by a MockTwitch instance")
    return found


def powers(services: Services) -> Powers:
    return armed(services).powers


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


def get_export(ctx: Ctx) -> Bytes:
    """The whole world as one SQLite file (store/snapshots.py)."""
    return Bytes(armed(ctx.services).export(), MEDIA_TYPE, "twitch-mock-snapshot.sqlite")


def post_import(ctx: Ctx) -> Data:
    """Replace the world with the snapshot file in the body; the new world's info."""
    if not ctx.request.body:
        raise BadRequest("Missing the snapshot: send the file exported by GET /_mock/export as the body")
    try:
        return Data([armed(ctx.services).import_(ctx.request.body)])
    except SnapshotError as exc:
        raise BadRequest(f"Cannot import: {exc}") from None


ENDPOINTS = (
    Endpoint("GET", "/export", get_export, auth=Auth.NONE),
    Endpoint("POST", "/import", post_import, auth=Auth.NONE, max_body=MAX_SNAPSHOT, body_type=MEDIA_TYPE),
    Endpoint("GET", "/requests", get_requests, auth=Auth.NONE),
    Endpoint("DELETE", "/requests", delete_requests, auth=Auth.NONE),
    Endpoint("POST", "/faults", post_fault, auth=Auth.NONE),
    Endpoint("GET", "/faults", get_faults, auth=Auth.NONE),
    Endpoint("DELETE", "/faults", delete_faults, auth=Auth.NONE),
    Endpoint("DELETE", "/faults/{id}", delete_fault, auth=Auth.NONE),
)
