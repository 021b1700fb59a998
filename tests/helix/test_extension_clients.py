"""pyTwitchAPI's own calls and models against the extension, user extension and analytics
endpoints (only its URLs point at the mock): the all-units user's generated data parses."""

from __future__ import annotations

from twitch_mock import MockTwitch
from twitch_mock.domain import extension_products, extensions
from twitch_mock.store.auth import Client


async def test_pytwitchapi_reads_extensions_and_analytics(twitch_mock: MockTwitch) -> None:
    from twitchAPI.twitch import Twitch
    from twitchAPI.type import AuthScope

    m = twitch_mock
    scopes = [AuthScope.ANALYTICS_READ_EXTENSION, AuthScope.USER_EDIT_BROADCAST,
              AuthScope.USER_READ_BROADCAST]  # fmt: skip
    twitch = await Twitch(m.client_id, m.client_secret, base_url=m.helix_url, auth_base_url=m.auth_url)
    issued = m.issue_token(m.all_units_user_id, [s.value for s in scopes])
    await twitch.set_user_authentication(issued.access_token, scopes, issued.refresh_token)
    reports = [r async for r in twitch.get_extension_analytics()]
    assert reports and reports[0].URL.startswith(m.url)
    # not get_game_analytics: pyTwitchAPI 4.5 requests /analytics/game, which Twitch doesn't serve
    # (Get Game Analytics is /analytics/games); the mock answers 404 there too
    installed = await twitch.get_user_extensions()
    assert len(installed) == 3 and all(e.can_activate for e in installed)
    active = await twitch.get_user_active_extensions()
    assert (
        sum(
            slot.active for kind in (active.panel, active.overlay, active.component) for slot in kind.values()
        )
        == 3
    )
    updated = await twitch.update_user_extensions(active)
    assert updated.to_dict(False) == active.to_dict(False)
    await twitch.close()

    conn = m.store.db.conn
    ids = m._call(extensions.installed_by, conn, m.all_units_user_id)
    bought = next(i for i in ids if m._call(extension_products.products, conn, i, False, m.clock.now()))
    client = m._call(m.store.auth.client, bought)
    assert isinstance(client, Client) and client.is_extension and client.secret
    backend = await Twitch(bought, client.secret, base_url=m.helix_url, auth_base_url=m.auth_url)
    sold = [t async for t in backend.get_extension_transactions(bought)]
    assert sold and all(t.product_type == "BITS_IN_EXTENSION" for t in sold)
    await backend.close()
