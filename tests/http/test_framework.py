"""The Helix framework through HTTP: auth errors, status rules, CORS, rate-limit headers,
pagination, transactions. Uses the Users family plus a test-only endpoint table."""

from __future__ import annotations

import base64

import pytest

from conftest import CLIENT_ID, OTHER_CLIENT_ID, World, assert_error, build_world
from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import users
from twitch_mock.helix import HELIX
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Api, Auth, Endpoint
from twitch_mock.http.results import Data, NoContent, Page
from twitch_mock.oauth.endpoints import OAUTH
from twitch_mock.settings import Settings
from twitch_mock.store.paging import ListOrder

# --- authentication -----------------------------------------------------------------------------


def test_missing_authorization_header(world: World) -> None:
    r = world.http.get("/helix/users?id=1000", headers={"Client-Id": CLIENT_ID})
    assert_error(r, 401, "OAuth token is missing")


@pytest.mark.parametrize("value", ["OAuth {t}", "bearer {t}", "Bearer", "Bearer ", "{t}", "Basic {t}"])
def test_authorization_must_be_bearer(world: World, value: str) -> None:
    headers = {"Authorization": value.format(t=world.app_token), "Client-Id": CLIENT_ID}
    assert_error(world.http.get("/helix/users?id=1000", headers=headers), 401, "OAuth token is missing")


def test_missing_client_id(world: World) -> None:
    r = world.http.get("/helix/users?id=1000", headers={"Authorization": f"Bearer {world.app_token}"})
    assert_error(r, 401, "Client ID is missing")


def test_unknown_token(world: World) -> None:
    r = world.http.get("/helix/users?id=1000", headers=world.headers("x" * 30))
    assert_error(r, 401, "Invalid OAuth token")


def test_expired_token_is_refused_once_the_clock_passes_its_expiry(world: World) -> None:
    token = world.user_token("alice")
    assert world.http.get("/helix/users", headers=world.headers(token)).status_code == 200
    world.clock.advance(world.services.settings.lifetimes.user_token + 1)
    assert_error(world.http.get("/helix/users", headers=world.headers(token)), 401, "Invalid OAuth token")


def test_client_id_must_match_the_token(world: World) -> None:
    r = world.http.get("/helix/users?id=1000", headers=world.headers(client_id=OTHER_CLIENT_ID))
    assert_error(r, 401, "Client ID and OAuth token do not match")


def test_app_token_on_a_user_endpoint(world: World) -> None:
    r = world.http.put("/helix/users?description=x", headers=world.headers())
    assert_error(r, 401, "Missing User OAUTH Token")


def test_missing_scope_names_the_scope(world: World) -> None:
    r = world.http.put("/helix/users?description=x", headers=world.as_user("alice", "user:read:email"))
    assert_error(r, 401, "Missing scope: user:edit")


def test_any_listed_scope_is_enough() -> None:
    w = build_world(apis=[_paged_api(scopes=("a:b", "c:d"))])
    assert w.http.get("/helix/items", headers=w.as_user("alice", "c:d")).status_code == 200
    assert_error(w.http.get("/helix/items", headers=w.as_user("alice", "x:y")), 401, "Missing scope: a:b")


def test_owner_parameter_must_be_the_token_user(world: World) -> None:
    headers = world.as_user("alice", "user:read:blocked_users")
    r = world.http.get(f"/helix/users/blocks?broadcaster_id={world.users['bob']}", headers=headers)
    assert_error(r, 401, "The ID in broadcaster_id must match the user ID in the user access token")


def test_owner_parameter_missing_is_a_400(world: World) -> None:
    r = world.http.get("/helix/users/blocks", headers=world.as_user("alice", "user:read:blocked_users"))
    assert_error(r, 400, 'Missing required parameter "broadcaster_id"')


# --- status rules, headers ----------------------------------------------------------------------


def test_unknown_path_is_a_json_404(world: World) -> None:
    assert_error(world.http.get("/helix/nope", headers=world.headers()), 404, "Not Found")
    assert_error(world.http.get("/somewhere/else"), 404, "Not Found")


def test_other_method_on_a_known_path_is_405_with_allow(world: World) -> None:
    r = world.http.post("/helix/users", headers=world.headers())
    assert_error(r, 405, "Method Not Allowed")
    assert r.headers["allow"] == "GET, HEAD, OPTIONS, PUT"


@pytest.mark.parametrize("prefix", ["/helix", "/mock"])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/users/follows"),
        ("GET", "/tags/streams"),
        ("PUT", "/streams/tags"),
        ("GET", "/hypetrain/events"),
        ("GET", "/soundtrack/playlists"),
    ],
)
def test_deprecated_paths_are_gone(world: World, prefix: str, method: str, path: str) -> None:
    r = world.http.request(method, prefix + path, headers=world.headers())
    assert_error(r, 410, "This API is not available.")


def test_options_answers_without_auth(world: World) -> None:
    r = world.http.options("/helix/users/blocks")
    assert r.status_code == 200
    assert r.content == b""
    assert r.headers["access-control-allow-origin"] == "*"
    assert "DELETE" in r.headers["allow"]


@pytest.mark.parametrize(
    "path", ["/helix/users?id=1000", "/helix/users/follows", "/helix/nope", "/mock/users"]
)
def test_cors_and_rate_limit_headers_on_every_helix_response(world: World, path: str) -> None:
    for headers in (world.headers(), {}):
        r = world.http.get(path, headers=headers)
        assert r.headers["access-control-allow-origin"] == "*"
        assert r.headers["content-type"] == "application/json"
        assert r.headers["ratelimit-limit"] == "800"
        assert int(r.headers["ratelimit-remaining"]) <= 800
        assert int(r.headers["ratelimit-reset"]) >= int(world.clock.now()) - 1


def test_rate_limit_is_only_enforced_when_asked(world: World) -> None:
    for _ in range(5):
        assert world.http.get("/helix/users?id=1000", headers=world.headers()).status_code == 200
    w = build_world(Settings(db=":memory:", rate_limit=3))
    statuses = [w.http.get("/helix/users?id=1000", headers=w.headers()) for _ in range(4)]
    assert [r.status_code for r in statuses] == [200, 200, 200, 429]
    assert_error(statuses[3], 429, "Request limit exceeded")
    assert statuses[3].headers["ratelimit-remaining"] == "0"
    assert statuses[2].headers["ratelimit-remaining"] == "0"
    # the bucket refills with time: 3 points a minute
    w.clock.advance(20)
    assert w.http.get("/helix/users?id=1000", headers=w.headers()).status_code == 200
    # each user of a client has its own bucket
    assert w.http.get("/helix/users", headers=w.as_user("bob")).status_code == 200


# --- readers, bodies, errors ------------------------------------------------------------------


def _echo_body(ctx: Ctx) -> Data:
    body = ctx.body
    return Data([{"n": body.integer("n", required=True, minimum=1), "flag": body.boolean("flag")}])


def _write_then_fail(ctx: Ctx) -> NoContent:
    users.set_description(ctx.conn, "1000", "changed")
    if ctx.query.get("fail"):
        raise BadRequest("failing on purpose")
    return NoContent()


def _explode(ctx: Ctx) -> NoContent:
    raise RuntimeError("bug")


ITEMS: ListOrder[int] = ListOrder(lambda n: (n,))


def _items(ctx: Ctx) -> Page:
    rows = list(range(int(ctx.query.get("total", "45") or 45)))
    return Page(ITEMS.page(rows, ctx.window), {"total": len(rows)})


def _paged_api(scopes: tuple[str, ...] = ()) -> Api:
    return Api(
        "test",
        ("/helix",),
        (
            Endpoint("GET", "/items", _items, auth=Auth.EITHER, scopes=scopes, first=(20, 30), before=True),
            Endpoint("GET", "/items/after-only", _items, first=(10, 100)),
            Endpoint("POST", "/echo", _echo_body),
            Endpoint("POST", "/write", _write_then_fail),
            Endpoint("GET", "/write", _write_then_fail),  # a GET that writes, like /oauth2/authorize
            Endpoint("GET", "/explode", _explode),
        ),
        helix_auth=True,
        rate_limited=True,
    )


@pytest.fixture
def tw() -> World:
    return build_world(apis=[_paged_api(), HELIX, OAUTH])


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "The request body is missing"),
        (b"{nope", "The request body is not valid JSON"),
        (b"[1]", "The request body must be a JSON object"),
        (b"{}", 'Missing required parameter "n"'),
        (b'{"n": "3"}', 'The parameter "n" was malformed: the value must be an integer'),
        (b'{"n": true}', 'The parameter "n" was malformed: the value must be an integer'),
        (b'{"n": 0}', 'The parameter "n" was malformed: the value must be greater than or equal to 1'),
        (b'{"n": 1, "flag": "yes"}', 'The parameter "flag" was malformed: the value must be a boolean'),
    ],
)
def test_bad_json_bodies_get_a_400_naming_the_problem(tw: World, body: bytes, message: str) -> None:
    r = tw.http.post(
        "/helix/echo", headers={**tw.headers(), "Content-Type": "application/json"}, content=body
    )
    assert_error(r, 400, message)


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_a_failed_write_changes_nothing(tw: World, method: str) -> None:
    r = tw.http.request(method, "/helix/write?fail=1", headers=tw.headers())
    assert_error(r, 400, "failing on purpose")
    assert users.get(tw.store.db.conn, "1000").description == "Alice's channel"  # type: ignore[union-attr]
    assert tw.http.request(method, "/helix/write", headers=tw.headers()).status_code == 204
    assert users.get(tw.store.db.conn, "1000").description == "changed"  # type: ignore[union-attr]


def test_an_unexpected_exception_is_a_json_500_not_a_dropped_connection(tw: World) -> None:
    r = tw.http.get("/helix/explode", headers=tw.headers())
    assert r.status_code == 500
    assert r.json()["error"] == "Internal Server Error"
    assert r.headers["access-control-allow-origin"] == "*"


# --- pagination ---------------------------------------------------------------------------------


def test_pages_follow_cursors_to_the_end(tw: World) -> None:
    seen: list[int] = []
    url = "/helix/items?first=20"
    while True:
        body = tw.http.get(url, headers=tw.headers()).json()
        seen += body["data"]
        assert body["total"] == 45
        if "cursor" not in body["pagination"]:
            assert body["pagination"] == {}
            break
        url = f"/helix/items?first=20&after={body['pagination']['cursor']}"
    assert seen == list(range(45))


def test_default_and_maximum_first(tw: World) -> None:
    assert len(tw.http.get("/helix/items", headers=tw.headers()).json()["data"]) == 20
    assert len(tw.http.get("/helix/items?first=30", headers=tw.headers()).json()["data"]) == 30
    assert len(tw.http.get("/helix/items/after-only", headers=tw.headers()).json()["data"]) == 10


def test_no_cursor_when_the_page_ends_exactly_at_the_last_row(tw: World) -> None:
    body = tw.http.get("/helix/items?first=20&total=20", headers=tw.headers()).json()
    assert len(body["data"]) == 20
    assert body["pagination"] == {}
    empty = tw.http.get("/helix/items?total=0", headers=tw.headers()).json()
    assert empty["data"] == [] and empty["pagination"] == {}


def test_before_walks_back(tw: World) -> None:
    first = tw.http.get("/helix/items?first=10", headers=tw.headers()).json()
    second = tw.http.get(
        f"/helix/items?first=10&after={first['pagination']['cursor']}", headers=tw.headers()
    ).json()
    assert second["data"] == list(range(10, 20))
    back = tw.http.get(
        f"/helix/items?first=10&before={second['pagination']['cursor']}", headers=tw.headers()
    ).json()
    assert back["data"] == list(range(10))
    assert back["pagination"] == {}  # nothing lies before the first row


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("first=0", 'The parameter "first" was malformed: the value must be greater than or equal to 1'),
        ("first=-5", 'The parameter "first" was malformed: the value must be greater than or equal to 1'),
        ("first=31", 'The parameter "first" was malformed: the value must be less than or equal to 30'),
        ("first=ten", 'The parameter "first" was malformed: the value must be an integer'),
        ("after=garbage!", "invalid cursor"),
        ("after=" + base64.urlsafe_b64encode(b'{"s":-1,"e":3}').decode(), "invalid cursor"),
        ("after=" + base64.urlsafe_b64encode(b'["x"]').decode(), "invalid cursor"),
        ("before=%%%", "invalid cursor"),
    ],
)
def test_bad_paging_parameters_get_400(tw: World, query: str, message: str) -> None:
    assert_error(tw.http.get(f"/helix/items?{query}", headers=tw.headers()), 400, message)


def test_before_is_ignored_where_twitch_does_not_support_it(tw: World) -> None:
    r = tw.http.get("/helix/items/after-only?before=garbage", headers=tw.headers())
    assert r.status_code == 200
