"""Endpoint tables. Each API module declares one `ENDPOINTS` tuple; auth mode, scopes, who may act
(policies.py), and page sizes are declared here and enforced once, by the dispatcher."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from twitch_mock.http.policies import Owner, Policy

if TYPE_CHECKING:
    from twitch_mock.http.context import Ctx
    from twitch_mock.http.results import Result


class Auth(Enum):
    NONE = "none"  # no Authorization / Client-Id needed
    APP = "app"  # an app access token
    USER = "user"  # a user access token
    EITHER = "either"  # an app or a user access token
    # a JWT an extension's backend signed (HS256) with one of its secrets, role "external"; the
    # Client-Id header names the extension (http/auth.py, domain/extensions.py)
    EXTENSION = "extension_jwt"


class ErrorStyle(Enum):
    HELIX = "helix"  # {"error": "Bad Request", "status": 400, "message": "..."}
    OAUTH = "oauth"  # {"status": 400, "message": "..."}


Handler = Callable[["Ctx"], "Result"]


@dataclass(frozen=True, slots=True)
class Endpoint:
    method: str
    path: str
    handler: Handler
    auth: Auth = Auth.EITHER
    scopes: tuple[str, ...] = ()  # any one of them is enough, unless `all_scopes`
    owner: str | None = None  # shorthand for policy=Owner(owner): the parameter is the token's user
    first: tuple[int, int] | None = None  # (default, maximum) page size: the endpoint is paginated
    before: bool = False  # accepts a `before` cursor as well as `after`
    policy: Policy | None = None  # who may act (http/policies.py), for user tokens
    all_scopes: bool = False  # every scope in `scopes` is needed
    # the scopes unlock more of the answer but are not required: a token without them still gets
    # through and the handler decides what it sees (Get Channel Followers: `total` only)
    scopes_optional: bool = False
    max_body: int | None = None  # bytes a request body may have (default request.MAX_BODY, 1 MiB)
    # the Content-Type the mock's own APIs take a body as (none of the "simple" types a foreign
    # page can send without a preflight)
    body_type: str = "application/json"
    # the query / JSON body schema dataclasses (http/body.py) the handler parses, for the OpenAPI
    # document (http/openapi.py) where its code does not show them (a handler made by a factory)
    query: type | None = None
    body: type | None = None
    policies: tuple[Policy, ...] = field(init=False, default=())  # owner, then policy

    def __post_init__(self) -> None:
        found: list[Policy] = [Owner(self.owner)] if self.owner else []
        object.__setattr__(self, "policies", (*found, *([self.policy] if self.policy else [])))


@dataclass(frozen=True, slots=True)
class Api:
    """One namespace: the same endpoints served under each prefix."""

    name: str
    prefixes: tuple[str, ...]
    endpoints: tuple[Endpoint, ...]
    errors: ErrorStyle = ErrorStyle.HELIX
    helix_auth: bool = False  # Bearer + Client-Id checks for endpoints whose auth is not NONE
    rate_limited: bool = False
    gone: tuple[tuple[str, str], ...] = ()  # (method, path) pairs Twitch has removed: 410
