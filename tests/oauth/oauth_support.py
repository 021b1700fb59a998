"""Helpers for the id.twitch.tv tests: error checks, a shared signing key, URL and HTML-form
readers. (Not a conftest.py: a second `conftest` module would shadow tests/conftest.py for the
modules that import from it.)"""

from __future__ import annotations

import functools
import socket
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from conftest import CLIENT_ID, CLIENT_SECRET, World
from twitch_mock.oauth.keys import META_KEY

REDIRECT = "http://localhost:3000"


def oauth_error(r: Any, status: int, message: str) -> None:
    """id.twitch.tv's error: exact status, `{"status","message"}`, Content-Type application/json."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json"
    assert r.json() == {"status": status, "message": message}


@functools.cache
def shared_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def install_key(world: World) -> None:
    """Give the world the session's signing key (generating a fresh one per test is slow)."""
    with world.store.transaction():
        world.store.meta.set(META_KEY, shared_key_pem())


def validate(world: World, token: str) -> Any:
    return world.http.get("/oauth2/validate", headers={"Authorization": f"OAuth {token}"})


def params_of(location: str, part: str = "query") -> dict[str, str]:
    """The query (or fragment) of a redirect, one value per name."""
    split = urlsplit(location)
    text = split.query if part == "query" else split.fragment
    return {k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()}


def authorize_url(prefix: str = "/oauth2", **params: str) -> str:
    base = {"client_id": CLIENT_ID, "redirect_uri": REDIRECT, "response_type": "code", "state": "xyz"}
    base.update(params)
    return f"{prefix}/authorize?" + urlencode({k: v for k, v in base.items() if v != "-"})


def exchange(world: World, the_code: str, **params: str) -> Any:
    base = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "code": the_code,
        "grant_type": "authorization_code",
        "redirect_uri": REDIRECT,
    }
    base.update(params)
    return world.http.post("/oauth2/token", params={k: v for k, v in base.items() if v != "-"})


def get_code(world: World, scope: str = "", **params: str) -> str:
    """A fresh authorization code for alice, through the mock_login shortcut."""
    r = world.http.get(authorize_url(scope=scope, mock_login="alice", **params), follow_redirects=False)
    assert r.status_code == 302, r.text
    return params_of(r.headers["location"])["code"]


class Form:
    def __init__(self, action: str, method: str) -> None:
        self.action = action
        self.method = method
        self.fields: dict[str, str] = {}
        self.options: dict[str, list[str]] = {}
        self.buttons: dict[str, str] = {}  # value -> name


class FormReader(HTMLParser):
    """The forms of a page: inputs, select options and submit buttons."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._select: str | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("method", "get")))
        elif tag == "input" and self.forms:
            self.forms[-1].fields[a["name"]] = a.get("value", "")
        elif tag == "select" and self.forms:
            self._select = a["name"]
            self.forms[-1].options[a["name"]] = []
        elif tag == "option" and self._select and self.forms:
            self.forms[-1].options[self._select].append(a["value"])
        elif tag == "button" and self.forms:
            self.forms[-1].buttons[a["value"]] = a["name"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def submit(world: World, page: Any, decision: str, **values: str) -> Any:
    """Submit the page's form with the button `decision`, as a browser would."""
    (form,) = FormReader(page.text).forms
    data = dict(form.fields)
    data.update({name: opts[0] for name, opts in form.options.items() if opts})
    data[form.buttons[decision]] = decision
    data.update(values)
    return world.http.post(form.action, data=data, follow_redirects=False)


def free_port() -> int:
    """A loopback port that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port
