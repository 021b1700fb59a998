"""The one error tree. Raise these anywhere below the HTTP layer; one renderer turns them into
Twitch's error bodies (Helix: {"error","status","message"}; id.twitch.tv: {"status","message"})."""

from __future__ import annotations

from http import HTTPStatus


class TwitchError(Exception):
    """An error that becomes an HTTP response with `status` and `message`."""

    status = 500

    def __init__(self, message: str = "", headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers = headers or {}

    @property
    def reason(self) -> str:
        return HTTPStatus(self.status).phrase


class BadRequest(TwitchError):
    status = 400


def missing(name: str) -> BadRequest:
    """Helix's 400 for a required parameter or body field that was not sent."""
    return BadRequest(f'Missing required parameter "{name}"')


def malformed(name: str, why: str) -> BadRequest:
    """Helix's 400 for a value that is there but wrong."""
    return BadRequest(f'The parameter "{name}" was malformed: {why}')


class Unauthorized(TwitchError):
    status = 401


class Forbidden(TwitchError):
    status = 403


class NotFound(TwitchError):
    status = 404


class MethodNotAllowed(TwitchError):
    status = 405


class Conflict(TwitchError):
    status = 409


class Gone(TwitchError):
    status = 410


class PayloadTooLarge(TwitchError):
    status = 413


class UnsupportedMediaType(TwitchError):
    status = 415


class Unprocessable(TwitchError):
    status = 422


class TooEarly(TwitchError):
    status = 425


class TooManyRequests(TwitchError):
    status = 429
