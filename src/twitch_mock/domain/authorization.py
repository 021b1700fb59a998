"""What users have authorized an application (dev.twitch.tv/docs/api/reference/#get-authorization-
by-user): the scopes of the grants each user really made to the client through the mock's OAuth
service (and the tokens the mock issued them), read from the token store (store/auth.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from twitch_mock.domain import users
from twitch_mock.domain.services import Services


@dataclass(frozen=True, slots=True)
class Authorization:
    """A Get Authorization By User item."""

    user_id: str
    user_name: str
    user_login: str
    scopes: list[str]


def authorizations(s: Services, client_id: str, user_ids: Sequence[str]) -> list[Authorization]:
    """Each existing user asked for, once, in the order asked, with the scopes they granted the
    client (none: an empty list); unknown users are left out."""
    found = []
    for user_id in dict.fromkeys(user_ids):
        user = users.get(s.conn, user_id)
        if user is None:
            continue
        scopes = list(s.store.auth.granted_scopes(client_id, user_id))
        found.append(Authorization(user.id, user.display_name, user.login, scopes))
    return found
