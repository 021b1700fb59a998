"""Same-machine trust: who may talk to the mock at all, and who may drive it.

- The Host guard (DNS rebinding): a request is served only when its `Host` names the configured
  host, a loopback name (`localhost`, `*.localhost`) or address, a name given with `--allow-host`,
  or the address the connection came in on; others get 421 Misdirected Request in Twitch's error
  shape. A page whose name was rebound to 127.0.0.1 still sends its own name as Host, so it is
  refused. A server bound to a wildcard address (0.0.0.0, ::) also accepts IP literals: a rebound
  name is never one.
- The mock's own APIs (`/_mock`, `/units`): no CORS allowance for foreign origins, 403 for a request
  whose `Origin` is not loopback (or an allowed host), 403 from a non-loopback peer unless
  `--allow-remote-control`, and JSON bodies only as `application/json` (415): a "simple"
  cross-origin request (text/plain, no preflight) cannot reach them."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from twitch_mock.core.errors import Forbidden, TwitchError, UnsupportedMediaType
from twitch_mock.settings import Settings

WILDCARDS = frozenset({"0.0.0.0", "::", "[::]", ""})
LOCAL_PREFIXES = ("/_mock", "/units")  # the mock's own namespaces (every Api served under them)
MAX_REMEMBERED = 256  # Host values whose verdict is kept (a flood of new names only clears it)


def is_local(path: str) -> bool:
    return path.startswith(LOCAL_PREFIXES) and any(
        path == p or path.startswith(p + "/") for p in LOCAL_PREFIXES
    )


FOREIGN_ORIGIN = "The mock's control API and /units answer only pages served from this machine (Origin {})"
REMOTE_PEER = (
    "The mock's control API and /units answer only loopback clients; start it with "
    "--allow-remote-control to drive it from {}"
)
JSON_ONLY = "The request body must be sent as Content-Type: application/json"
BODY_TYPE = "The request body must be sent as Content-Type: {}"


class MisdirectedRequest(TwitchError):
    status = 421


def host_name(value: str) -> str:
    """The name in a Host header or an origin's authority: no port, no brackets, lower case."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value[1:]
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


def _ip(name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(name.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def is_loopback(name: str) -> bool:
    """`localhost`, a `.localhost` name (RFC 6761) or a loopback address."""
    if name == "localhost" or name.endswith(".localhost"):
        return True
    address = _ip(name)
    return address is not None and address.is_loopback


class Guard:
    """The checks, with the names `settings` allows, computed once."""

    def __init__(self, settings: Settings) -> None:
        configured = host_name(settings.host)
        self.names = frozenset({configured, *(host_name(h) for h in settings.allow_hosts)} - {""})
        self.wildcard = configured in WILDCARDS or settings.host in WILDCARDS
        self.remote_control = settings.allow_remote_control
        self._verdicts: dict[tuple[str | None, str | None], bool] = {}  # (Host, server) -> host_ok

    def host_ok(self, host: str | None, server: str | None = None) -> bool:
        """`server`: the address (ASGI `scope["server"]`) the connection came in on; a Host naming
        it names this server (an IP literal is never a rebound name)."""
        if host is None:  # HTTP/1.0 without Host: there is no name to rebind
            return True
        name = host_name(host)
        if is_loopback(name) or name in self.names:
            return True
        if server is not None and name == host_name(server):
            return True
        return self.wildcard and _ip(name) is not None

    def check_host(self, host: str | None, server: str | None = None) -> None:
        verdict = self._verdicts.get((host, server))
        if verdict is None:
            if len(self._verdicts) >= MAX_REMEMBERED:
                self._verdicts.clear()
            verdict = self._verdicts[host, server] = self.host_ok(host, server)
        if not verdict:
            raise MisdirectedRequest(
                f'Host "{host}" is not served here: twitch-mock answers its own host, loopback names '
                "and names added with --allow-host"
            )

    def origin_ok(self, origin: str | None) -> bool:
        """No Origin (curl, SDKs) or a loopback / allowed one (a local tool's page)."""
        if origin is None:
            return True
        try:
            name = urlsplit(origin.strip()).hostname
        except ValueError:
            return False
        return name is not None and (is_loopback(name) or name in self.names)

    def check_local(
        self,
        method: str,
        origin: str | None,
        peer: str | None,
        content_type: str | None,
        body: bytes,
        body_type: str = "application/json",
    ) -> None:
        """The refusals of the mock's own APIs (peer first: a LAN client learns of the flag)."""
        if peer is not None and not self.remote_control:
            address = _ip(peer)
            if address is not None and not address.is_loopback:
                raise Forbidden(REMOTE_PEER.format(peer))
        if not self.origin_ok(origin):
            raise Forbidden(FOREIGN_ORIGIN.format(origin))
        if method not in ("GET", "HEAD", "OPTIONS") and body.strip():
            media = (content_type or "").split(";", 1)[0].strip().lower()
            if media != body_type:
                raise UnsupportedMediaType(
                    JSON_ONLY if body_type == "application/json" else BODY_TYPE.format(body_type)
                )
