"""Helix Schedule family (dev.twitch.tv/docs/api/reference/#get-channel-stream-schedule): Get Channel
Stream Schedule, Get Channel iCalendar, Create / Update / Delete Channel Stream Schedule Segment and
Update Channel Stream Schedule (the vacation)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from twitch_mock.domain import schedule
from twitch_mock.domain.schedule import MAX_IDS, MAX_TITLE, SegmentChanges, SegmentSpec
from twitch_mock.domain.schedule_calendar import icalendar
from twitch_mock.http.body import rule
from twitch_mock.http.context import Ctx
from twitch_mock.http.endpoint import Auth, Endpoint
from twitch_mock.http.results import Data, NoContent, Page, Text

MANAGE = ("channel:manage:schedule",)


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateSegmentBody:
    start_time: str = rule(not_empty=True)
    timezone: str = rule(not_empty=True)
    duration: int  # minutes; Twitch documents a string, clients send either
    is_recurring: bool = False
    category_id: str | None = None
    title: str = rule("", max_length=MAX_TITLE)


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateSegmentBody:
    start_time: str | None = None
    duration: int | None = None
    category_id: str | None = None
    title: str | None = rule(None, max_length=MAX_TITLE)
    is_canceled: bool | None = None
    timezone: str | None = None


def get_channel_stream_schedule(ctx: Ctx) -> Page:
    broadcaster = ctx.query.require("broadcaster_id")
    ids = ctx.query.all("id", MAX_IDS)
    since = ctx.query.timestamp("start_time")
    head = schedule.header(ctx.conn, broadcaster, ctx.clock.now())
    found = schedule.segments(
        ctx.conn, broadcaster, ctx.window, ctx.clock.now() if since is None else since, ids
    )
    return Page(found, nest=lambda rows: replace(head, segments=rows))


def get_channel_icalendar(ctx: Ctx) -> Text:
    broadcaster = ctx.query.require("broadcaster_id")
    schedule.header_user(ctx.conn, broadcaster)
    return Text(icalendar(ctx.conn, broadcaster, ctx.clock.now()), content_type="text/calendar")


def create_channel_stream_schedule_segment(ctx: Ctx) -> Data:
    body = ctx.parse(CreateSegmentBody)
    spec = SegmentSpec(
        body.start_time, body.timezone, body.duration, body.is_recurring, body.category_id, body.title
    )
    return Data(schedule.create_segment(ctx.services, ctx.user_id, spec))


def update_channel_stream_schedule_segment(ctx: Ctx) -> Data:
    segment = ctx.query.require("id")
    body = ctx.parse(UpdateSegmentBody)
    changes = SegmentChanges(
        body.start_time, body.duration, body.category_id, body.title, body.is_canceled, body.timezone
    )
    return Data(schedule.update_segment(ctx.services, ctx.user_id, segment, changes))


def delete_channel_stream_schedule_segment(ctx: Ctx) -> NoContent:
    schedule.delete_segment(ctx.services, ctx.user_id, ctx.query.require("id"))
    return NoContent()


def update_channel_stream_schedule(ctx: Ctx) -> NoContent:
    query = ctx.query
    enabled = query.boolean("is_vacation_enabled") if "is_vacation_enabled" in query else None
    schedule.update_settings(
        ctx.services,
        ctx.user_id,
        enabled,
        query.get("vacation_start_time"),
        query.get("vacation_end_time"),
        query.get("timezone"),
    )
    return NoContent()


ENDPOINTS = (
    Endpoint("GET", "/schedule", get_channel_stream_schedule, auth=Auth.EITHER, first=(20, 25)),
    Endpoint("GET", "/schedule/icalendar", get_channel_icalendar, auth=Auth.NONE),
    Endpoint(
        "POST",
        "/schedule/segment",
        create_channel_stream_schedule_segment,
        auth=Auth.USER,
        scopes=MANAGE,
        owner="broadcaster_id",
    ),
    Endpoint(
        "PATCH",
        "/schedule/segment",
        update_channel_stream_schedule_segment,
        auth=Auth.USER,
        scopes=MANAGE,
        owner="broadcaster_id",
    ),
    Endpoint(
        "DELETE",
        "/schedule/segment",
        delete_channel_stream_schedule_segment,
        auth=Auth.USER,
        scopes=MANAGE,
        owner="broadcaster_id",
    ),
    Endpoint(
        "PATCH",
        "/schedule/settings",
        update_channel_stream_schedule,
        auth=Auth.USER,
        scopes=MANAGE,
        owner="broadcaster_id",
    ),
)
