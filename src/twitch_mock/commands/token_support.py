"""What `twitch-mock token` needs around its flows: the small JSON config file (client credentials
and the last token, per auth URL), plain HTTP calls to an id.twitch.tv-shaped service (stdlib
urllib, 10 s timeout), the client lookup in the mock's `/units/clients`, and the local redirect
server that catches the authorization code (reference/twitch-cli-mock.md, section h)."""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import parse_qs, urlencode, urlsplit
from urllib.request import HTTPRedirectHandler, Request, build_opener

from twitch_mock import __version__

CONFIG_FILE = "token.json"
TIMEOUT = 10


class TokenError(Exception):
    """A one-line reason the command failed."""


@dataclass(frozen=True)
class Reply:
    status: int
    text: str
    location: str | None = None

    def json(self) -> dict[str, Any]:
        try:
            value = json.loads(self.text) if self.text else {}
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}


# --- config ------------------------------------------------------------------------------------


def load_config(directory: Path, auth_url: str) -> dict[str, Any]:
    """The saved entry for `auth_url` (credentials and the last token), or {}."""
    try:
        data = json.loads((directory / CONFIG_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    entry = data.get(auth_url) if isinstance(data, dict) else None
    return dict(entry) if isinstance(entry, dict) else {}


def save_config(directory: Path, auth_url: str, values: Mapping[str, Any]) -> Path:
    path = directory / CONFIG_FILE
    try:
        data = json.loads(path.read_text("utf-8")) if path.exists() else {}
    except ValueError:
        data = {}
    data[auth_url] = {**data.get(auth_url, {}), **values}
    try:
        directory.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2) + "\n", "utf-8")
        path.chmod(0o600)
    except OSError as exc:
        raise TokenError(f"Error writing configuration: {exc}") from exc
    return path


# --- HTTP --------------------------------------------------------------------------------------


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def call(
    method: str,
    url: str,
    params: Mapping[str, str | None] | None = None,
    form: Mapping[str, str | None] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Reply:
    """One request; redirects are not followed. TokenError when the service cannot be reached."""
    if params:
        url += ("&" if "?" in url else "?") + urlencode({k: v for k, v in params.items() if v is not None})
    data = urlencode({k: v for k, v in form.items() if v is not None}).encode() if form else None
    request = Request(url, data=data, method=method, headers={"User-Agent": f"twitch-mock/{__version__}"})
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    if data is not None:
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with build_opener(_NoRedirect).open(request, timeout=TIMEOUT) as response:
            return Reply(response.status, response.read().decode("utf-8", "replace"))
    except HTTPError as error:
        body = error.read().decode("utf-8", "replace")
        return Reply(error.code, body, error.headers.get("Location"))
    except (URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise TokenError(f"cannot reach {url.split('?')[0]}: {reason}") from exc


def units_client(auth_url: str, public: bool) -> dict[str, Any] | None:
    """The mock's first client of the wanted kind, from GET <origin>/units/clients."""
    parts = urlsplit(auth_url)
    reply = call("GET", f"{parts.scheme}://{parts.netloc}/units/clients")
    rows = reply.json().get("data") if reply.status == 200 else None
    for row in rows if isinstance(rows, list) else []:
        client_id = row.get("id") or row.get("ID")
        secret = row.get("secret") or row.get("Secret")
        if client_id and bool(row.get("is_public")) == public and (public or secret):
            return {"client_id": client_id, "client_secret": secret}
    return None


# --- the local redirect server ---------------------------------------------------------------


class Callback:
    """A one-shot HTTP server on (ip, port) that keeps the first redirect's query parameters."""

    def __init__(self, ip: str, port: int) -> None:
        self.params: dict[str, str] = {}
        self.arrived = threading.Event()
        handler = self._handler()
        try:
            self.server = ThreadingHTTPServer((ip, port), handler)
        except OSError as exc:
            raise TokenError(f"cannot listen on {ip or '*'}:{port} for the redirect: {exc.strerror}") from exc
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path.startswith("/favicon.ico"):
                    self.send_error(404)
                    return
                owner.deliver(urlsplit(self.path).query)
                error = owner.params.get("error")
                text = (
                    f"Error! {error}\nError Details: {owner.params.get('error_description', '')}"
                    if error
                    else "Feel free to close this browser window."
                )
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.end_headers()
                self.wfile.write(text.encode())

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler

    def deliver(self, query: str) -> None:
        if not self.arrived.is_set():
            self.params = {k: v[0] for k, v in parse_qs(query, keep_blank_values=True).items()}
            self.arrived.set()

    def __enter__(self) -> Callback:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
