"""Helix, served under Twitch's `/helix` and twitch-cli's `/mock`. One module per Twitch family,
each with an ENDPOINTS table; this package joins them into one `Api`."""

from __future__ import annotations

from twitch_mock.helix import (  # one family a line
    ads,
    automod,
    bits,
    ccls,
    channel_points,
    channels,
    charity,
    chat,
    clips,
    emotes,
    entitlements,
    games,
    goals,
    hypetrain,
    moderation,
    polls,
    predictions,
    raids,
    schedule,
    search,
    streams,
    subscriptions,
    teams,
    users,
    videos,
    vips,
    whispers,
)
from twitch_mock.http.endpoint import Api, ErrorStyle

FAMILIES = (  # one family a line
    users,
    channels,
    ads,
    automod,
    bits,
    ccls,
    channel_points,
    charity,
    chat,
    clips,
    emotes,
    entitlements,
    games,
    goals,
    hypetrain,
    moderation,
    polls,
    predictions,
    raids,
    schedule,
    search,
    streams,
    subscriptions,
    teams,
    videos,
    vips,
    whispers,
)

# Endpoints Twitch has decommissioned; they answer 410 (reference/helix-catalog.md, section 7).
GONE = (
    ("GET", "/users/follows"),
    ("GET", "/tags/streams"),
    ("GET", "/streams/tags"),
    ("PUT", "/streams/tags"),
    ("POST", "/streams/tags"),
    ("GET", "/soundtrack/current_track"),
    ("GET", "/soundtrack/playlist"),
    ("GET", "/soundtrack/playlists"),
    ("GET", "/hypetrain/events"),
)

HELIX = Api(
    name="helix",
    prefixes=("/helix", "/mock"),
    endpoints=tuple(e for family in FAMILIES for e in family.ENDPOINTS),
    errors=ErrorStyle.HELIX,
    helix_auth=True,
    rate_limited=True,
    gone=GONE,
)
