"""Applications (clients) and the tokens issued to them: access tokens and refresh tokens.
Helix and id.twitch.tv share this one token store, so a token revoked or expired here fails
everywhere at once (dev.twitch.tv/docs/authentication)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Hashable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Client:
    id: str
    secret: str | None
    name: str
    is_public: bool
    is_extension: bool
    created_at: str
    redirect_uris: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Token:
    """An access token as the store knows it. `user_id` is None for app access tokens."""

    token: str
    client_id: str
    user_id: str | None
    scopes: tuple[str, ...]
    issued_at: float
    expires_at: float
    grant_id: str | None

    @property
    def is_app(self) -> bool:
        return self.user_id is None


@dataclass(frozen=True, slots=True)
class RefreshToken:
    token: str
    client_id: str
    user_id: str
    scopes: tuple[str, ...]
    grant_id: str
    issued_at: float
    last_used_at: float | None
    used_at: float | None


@dataclass(frozen=True, slots=True)
class AuthCode:
    """An authorization code and everything it is bound to."""

    code: str
    client_id: str
    user_id: str
    redirect_uri: str
    scopes: tuple[str, ...]
    nonce: str | None
    claims: str | None
    issued_at: float
    expires_at: float
    used_at: float | None = None


@dataclass(frozen=True, slots=True)
class DeviceCode:
    """A device authorization. `status` is pending, approved, denied or used."""

    device_code: str
    user_code: str
    client_id: str
    scopes: tuple[str, ...]
    issued_at: float
    expires_at: float
    status: str = "pending"
    user_id: str | None = None


_CODE_COLUMNS = (
    "code, client_id, user_id, redirect_uri, scopes, nonce, claims, issued_at, expires_at, used_at"
)
_DEVICE_COLUMNS = "device_code, user_code, client_id, scopes, issued_at, expires_at, status, user_id"


def _scopes(text: str) -> tuple[str, ...]:
    return tuple(text.split()) if text else ()


TOKEN_CACHE_SIZE = 10_000


class AuthStore:
    def __init__(self, conn: sqlite3.Connection, epoch: Callable[[], Hashable]) -> None:
        self.conn = conn
        # Every authenticated request looks its token up: found tokens are kept until the tokens
        # table may have changed: this store deleted or changed tokens (`_writes`; a new token
        # leaves the kept ones right), or the database's epoch moved (Database.epoch: another
        # connection, a restore, a rollback). Writes to other tables keep them: a write request
        # looks its token up once, not once after every write.
        self._epoch = epoch
        self._writes = 0
        self._tokens: dict[str, Token] = {}
        self._tokens_version: Hashable = None
        # called with (client_id, user_id) inside the transaction whenever tokens of that pair are
        # deleted: EventSub re-checks the subscriptions that relied on the grant
        self.revoked: list[Callable[[str, str], None]] = []

    def _pairs(self, where: str, args: tuple[str, ...]) -> list[tuple[str, str]]:
        sql = (
            f"SELECT client_id, user_id FROM tokens WHERE {where} AND user_id IS NOT NULL UNION "
            f"SELECT client_id, user_id FROM refresh_tokens WHERE {where}"
        )
        return [(r[0], r[1]) for r in self.conn.execute(sql, args + args)]

    def _revoked(self, pairs: list[tuple[str, str]]) -> None:
        for client_id, user_id in dict.fromkeys(pairs):
            for listener in list(self.revoked):
                listener(client_id, user_id)

    # --- clients -----------------------------------------------------------------------------

    def add_client(self, client: Client) -> None:
        self.conn.execute(
            "INSERT INTO clients (id, secret, name, is_public, is_extension, created_at) "
            "VALUES (?,?,?,?,?,?)",
            (client.id, client.secret, client.name, client.is_public, client.is_extension, client.created_at),
        )
        self.conn.executemany(
            "INSERT INTO client_redirect_uris (client_id, position, uri) VALUES (?,?,?)",
            [(client.id, n, uri) for n, uri in enumerate(client.redirect_uris)],
        )

    def client(self, client_id: str) -> Client | None:
        row = self.conn.execute(
            "SELECT id, secret, name, is_public, is_extension, created_at FROM clients WHERE id = ?",
            (client_id,),
        ).fetchone()
        if row is None:
            return None
        uris = tuple(
            r[0]
            for r in self.conn.execute(
                "SELECT uri FROM client_redirect_uris WHERE client_id = ? ORDER BY position", (client_id,)
            )
        )
        return Client(row[0], row[1], row[2], bool(row[3]), bool(row[4]), row[5], uris)

    def clients(self) -> list[Client]:
        ids = [r[0] for r in self.conn.execute("SELECT id FROM clients ORDER BY rowid")]
        return [c for c in (self.client(i) for i in ids) if c is not None]

    # --- access tokens -----------------------------------------------------------------------

    def add_token(self, token: Token) -> None:
        self.conn.execute(
            "INSERT INTO tokens (token, client_id, user_id, scopes, issued_at, expires_at, grant_id) "
            "VALUES (?,?,?,?,?,?,?)",
            (
                token.token,
                token.client_id,
                token.user_id,
                " ".join(token.scopes),
                token.issued_at,
                token.expires_at,
                token.grant_id,
            ),
        )

    def token(self, token: str) -> Token | None:
        """The token, whether or not it has expired (callers compare `expires_at` with the clock)."""
        version = (self._epoch(), self._writes)
        if version != self._tokens_version or len(self._tokens) >= TOKEN_CACHE_SIZE:
            self._tokens.clear()
            self._tokens_version = version
        found = self._tokens.get(token)
        if found is None:
            found = self._lookup(token)
            if found is not None:
                self._tokens[token] = found
        return found

    def _lookup(self, token: str) -> Token | None:
        row = self.conn.execute(
            "SELECT token, client_id, user_id, scopes, issued_at, expires_at, grant_id FROM tokens "
            "WHERE token = ?",
            (token,),
        ).fetchone()
        if row is None:
            return None
        return Token(row[0], row[1], row[2], _scopes(row[3]), row[4], row[5], row[6])

    def tokens_changed(self) -> None:
        """Tokens were changed or deleted by this store: the cache starts over (a wipe moves the
        epoch instead)."""
        self._writes += 1

    def delete_token(self, token: str) -> bool:
        self.tokens_changed()
        pairs = self._pairs("token = ?", (token,)) if self.revoked else []
        deleted = self.conn.execute("DELETE FROM tokens WHERE token = ?", (token,)).rowcount > 0
        self._revoked(pairs)
        return deleted

    def expire_token(self, token: str, at: float) -> bool:
        self.tokens_changed()
        return self.conn.execute("UPDATE tokens SET expires_at = ? WHERE token = ?", (at, token)).rowcount > 0

    # --- refresh tokens ----------------------------------------------------------------------

    def add_refresh_token(self, rt: RefreshToken) -> None:
        self.conn.execute(
            "INSERT INTO refresh_tokens (token, client_id, user_id, scopes, grant_id, issued_at, "
            "last_used_at, used_at) VALUES (?,?,?,?,?,?,?,?)",
            (
                rt.token,
                rt.client_id,
                rt.user_id,
                " ".join(rt.scopes),
                rt.grant_id,
                rt.issued_at,
                rt.last_used_at,
                rt.used_at,
            ),
        )

    def refresh_token(self, token: str) -> RefreshToken | None:
        row = self.conn.execute(
            "SELECT token, client_id, user_id, scopes, grant_id, issued_at, last_used_at, used_at "
            "FROM refresh_tokens WHERE token = ?",
            (token,),
        ).fetchone()
        if row is None:
            return None
        return RefreshToken(row[0], row[1], row[2], _scopes(row[3]), row[4], row[5], row[6], row[7])

    def mark_refresh_used(self, token: str, at: float, single_use: bool) -> None:
        self.conn.execute(
            "UPDATE refresh_tokens SET last_used_at = ?, used_at = CASE WHEN ? THEN ? ELSE used_at END "
            "WHERE token = ?",
            (at, single_use, at, token),
        )

    def revoke_grant(self, grant_id: str) -> None:
        """Disconnect: every access and refresh token of one grant stops working."""
        pairs = self._pairs("grant_id = ?", (grant_id,)) if self.revoked else []
        self.tokens_changed()
        self.conn.execute("DELETE FROM tokens WHERE grant_id = ?", (grant_id,))
        self.conn.execute("DELETE FROM refresh_tokens WHERE grant_id = ?", (grant_id,))
        self._revoked(pairs)

    def disconnect(self, client_id: str, user_id: str) -> None:
        """The user disconnects the app: all of that pair's tokens die."""
        self.tokens_changed()
        self.conn.execute("DELETE FROM tokens WHERE client_id = ? AND user_id = ?", (client_id, user_id))
        self.conn.execute(
            "DELETE FROM refresh_tokens WHERE client_id = ? AND user_id = ?", (client_id, user_id)
        )
        self._revoked([(client_id, user_id)])

    def has_authorized(self, client_id: str, user_id: str) -> bool:
        """Whether the user has authorized the client at all (any live access or refresh token)."""
        for table in ("tokens", "refresh_tokens"):
            row = self.conn.execute(
                f"SELECT 1 FROM {table} WHERE client_id = ? AND user_id = ? LIMIT 1", (client_id, user_id)
            ).fetchone()
            if row is not None:
                return True
        return False

    def has_tokens(self, client_id: str, user_id: str) -> bool:
        """Whether the pair has an access or refresh token (expired ones count)."""
        for table in ("tokens", "refresh_tokens"):
            row = self.conn.execute(
                f"SELECT 1 FROM {table} WHERE client_id = ? AND user_id = ? LIMIT 1", (client_id, user_id)
            ).fetchone()
            if row is not None:
                return True
        return False

    def has_grant(self, client_id: str, user_id: str, scope: str) -> bool:
        """Whether the user has granted the client `scope`: one of the pair's access or refresh
        tokens carries it (an app token may act on that grant where Twitch allows it)."""
        for table in ("tokens", "refresh_tokens"):
            row = self.conn.execute(
                f"SELECT 1 FROM {table} WHERE client_id = ? AND user_id = ? "
                "AND instr(' ' || scopes || ' ', ?) > 0 LIMIT 1",
                (client_id, user_id, f" {scope} "),
            ).fetchone()
            if row is not None:
                return True
        return False

    def granted_scopes(self, client_id: str, user_id: str) -> tuple[str, ...]:
        """Every scope the user has granted the client: those of the pair's access and refresh
        tokens (what the user authorized through the OAuth service, or the mock issued), sorted."""
        found: set[str] = set()
        for table in ("tokens", "refresh_tokens"):
            rows = self.conn.execute(
                f"SELECT scopes FROM {table} WHERE client_id = ? AND user_id = ?", (client_id, user_id)
            )
            for (text,) in rows:
                found.update(_scopes(text))
        return tuple(sorted(found))

    def delete_refresh_token(self, token: str) -> bool:
        pairs = self._pairs("token = ?", (token,)) if self.revoked else []
        deleted = self.conn.execute("DELETE FROM refresh_tokens WHERE token = ?", (token,)).rowcount > 0
        self._revoked(pairs)
        return deleted

    # --- authorization codes -----------------------------------------------------------------

    def add_auth_code(self, c: AuthCode) -> None:
        self.conn.execute(
            f"INSERT INTO auth_codes ({_CODE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                c.code,
                c.client_id,
                c.user_id,
                c.redirect_uri,
                " ".join(c.scopes),
                c.nonce,
                c.claims,
                c.issued_at,
                c.expires_at,
                c.used_at,
            ),
        )

    def auth_code(self, code: str) -> AuthCode | None:
        row = self.conn.execute(f"SELECT {_CODE_COLUMNS} FROM auth_codes WHERE code = ?", (code,)).fetchone()
        if row is None:
            return None
        return AuthCode(row[0], row[1], row[2], row[3], _scopes(row[4]), *row[5:])

    def mark_code_used(self, code: str, at: float) -> bool:
        """True for the one caller that used the code first."""
        cursor = self.conn.execute(
            "UPDATE auth_codes SET used_at = ? WHERE code = ? AND used_at IS NULL", (at, code)
        )
        return cursor.rowcount > 0

    # --- device codes ------------------------------------------------------------------------

    def add_device_code(self, d: DeviceCode) -> None:
        self.conn.execute(
            f"INSERT INTO device_codes ({_DEVICE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)",
            (
                d.device_code,
                d.user_code,
                d.client_id,
                " ".join(d.scopes),
                d.issued_at,
                d.expires_at,
                d.status,
                d.user_id,
            ),
        )

    def device_code(self, device_code: str | None = None, user_code: str | None = None) -> DeviceCode | None:
        """By device code, or by the user code a person types in (case-insensitive)."""
        if device_code is not None:
            where, key = "device_code = ?", device_code
        else:
            where, key = "user_code = ?", (user_code or "").upper()
        sql = f"SELECT {_DEVICE_COLUMNS} FROM device_codes WHERE {where}"
        row = self.conn.execute(sql, (key,)).fetchone()
        if row is None:
            return None
        return DeviceCode(row[0], row[1], row[2], _scopes(row[3]), *row[4:])

    def set_device_status(self, device_code: str, status: str, user_id: str | None = None) -> None:
        self.conn.execute(
            "UPDATE device_codes SET status = ?, user_id = coalesce(?, user_id) WHERE device_code = ?",
            (status, user_id, device_code),
        )

    # --- OIDC claims of a grant --------------------------------------------------------------

    def set_grant_claims(self, grant_id: str, claims: str) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO grant_claims (grant_id, claims) VALUES (?, ?)", (grant_id, claims)
        )

    def grant_claims(self, grant_id: str) -> str | None:
        row = self.conn.execute("SELECT claims FROM grant_claims WHERE grant_id = ?", (grant_id,)).fetchone()
        return None if row is None else str(row[0])
