"""Live streams and what they leave behind (dev.twitch.tv/docs/api/reference/#get-streams,
#get-videos, #get-clips, #get-stream-markers): the all-units user and about one user in ten are
live, each with an archive video of the current stream and 1-3 clips of it; some users also have
past archives, highlights and uploads; a video has 0 or 1 muted segment; the all-units user's
current archive has a few stream markers. A live affiliate's or partner's channel has its timer
at its next automatic ad break (domain/ads.py), as a stream that went live through the API does."""

from __future__ import annotations

from dataclasses import dataclass, field

from twitch_mock.domain import ads
from twitch_mock.domain.clips import ClipRow
from twitch_mock.domain.streams import MarkerRow, StreamRow
from twitch_mock.domain.timers import TimerRow
from twitch_mock.domain.videos import MutedSegmentRow, VideoRow
from twitch_mock.generator.plan import DAY, HOUR, MINUTE, QUIET, Plan
from twitch_mock.generator.texts import (
    CLIP_TITLES,
    CLIP_WORDS,
    MARKER_DESCRIPTIONS,
    STREAM_TITLES,
    VIDEO_DESCRIPTIONS,
    VIDEO_TITLES,
)

LIVE_SHARE = 0.10
PAST_VIDEO_SHARE = 0.15
MAX_LIVE = 6 * HOUR  # the longest a live stream has been running
VIDEO_KINDS = ("archive", "highlight", "upload")
VIDEO_KIND_WEIGHTS = (60, 25, 15)
# Shortest and longest length of a past video of each kind, in seconds.
VIDEO_LENGTHS = ((30 * MINUTE, 6 * HOUR), (30, 10 * MINUTE), (MINUTE, 30 * MINUTE))


@dataclass(slots=True)
class Media:
    streams: list[StreamRow] = field(default_factory=list)
    videos: list[VideoRow] = field(default_factory=list)
    muted_segments: list[MutedSegmentRow] = field(default_factory=list)
    clips: list[ClipRow] = field(default_factory=list)
    markers: list[MarkerRow] = field(default_factory=list)
    ad_timers: list[TimerRow] = field(default_factory=list)


def media(plan: Plan) -> Media:
    made = Media()
    for index in range(len(plan.users)):
        star = plan.is_star(index)
        if star or plan.rng.random() < LIVE_SHARE:
            _go_live(plan, index, made)
        if star:
            for kind in range(len(VIDEO_KINDS)):
                _past_video(plan, index, kind, made)
        elif plan.rng.random() < PAST_VIDEO_SHARE:
            for _ in range(plan.rng.randint(1, 2)):
                _past_video(plan, index, plan.weighted(VIDEO_KIND_WEIGHTS), made)
    return made


def _go_live(plan: Plan, index: int, made: Media) -> None:
    """A live stream, its archive so far, clips of it and (all-units user) markers on the archive."""
    rng, user = plan.rng, plan.users[index]
    elapsed = rng.randint(5 * MINUTE, MAX_LIVE)
    if user.broadcaster_type and elapsed % ads.INTERVAL > ads.INTERVAL - QUIET:
        elapsed -= ads.INTERVAL // 2  # the next break is more than QUIET away
    stream_id = plan.ids.numeric(11)
    viewers = (
        rng.randint(1000, 5000) if plan.is_star(index) else min(int(rng.paretovariate(1.1) * 3), 100_000)
    )
    made.streams.append(
        StreamRow(stream_id, user.id, "live", viewers, plan.ago(elapsed), rng.random() < 0.05)
    )
    if user.broadcaster_type:  # the first break after now, counted from the stream's start
        next_break = (elapsed // ads.INTERVAL + 1) * ads.INTERVAL - elapsed
        made.ad_timers.append(TimerRow(ads.TIMER, user.id, plan.ahead(next_break)))
    archive = _video(plan, index, ("archive", user.title), elapsed, elapsed, stream_id, made)
    for n in range(3 if plan.is_star(index) else rng.randint(1, 3)):
        made.clips.append(_clip(plan, index, archive.id, elapsed, on_vod=n == 0 or rng.random() < 0.6))
    if plan.is_star(index):
        for position in sorted(rng.sample(range(elapsed), 3)):
            made.markers.append(
                MarkerRow(
                    f"{rng.getrandbits(128):032x}",
                    user.id,
                    archive.id,
                    plan.ago(elapsed - position),
                    plan.ids.choice(MARKER_DESCRIPTIONS),
                    position,
                )
            )


def _past_video(plan: Plan, index: int, kind: int, made: Media) -> None:
    """A finished video of kind VIDEO_KINDS[kind] from the last 60 days, older than any live stream
    (which started at most 6 hours ago), so a live user's latest video is the current archive."""
    length = plan.rng.randint(*VIDEO_LENGTHS[kind])
    started = length + MAX_LIVE + plan.rng.random() * min(plan.ages[index], 60 * DAY)
    archive = VIDEO_KINDS[kind] == "archive"
    stream_id = plan.ids.numeric(11) if archive else None
    title = plan.ids.choice(STREAM_TITLES if archive else VIDEO_TITLES)
    _video(plan, index, (VIDEO_KINDS[kind], title), started, length, stream_id, made)


def _video(
    plan: Plan,
    index: int,
    kind_title: tuple[str, str],
    started: float,
    length: int,
    stream_id: str | None,
    made: Media,
) -> VideoRow:
    """A video that began `started` seconds ago and lasts `length`, perhaps with a muted segment."""
    rng, user = plan.rng, plan.users[index]
    kind, title = kind_title
    created = plan.ago(started)
    video = VideoRow(
        id=plan.ids.numeric(10),
        stream_id=stream_id,
        user_id=user.id,
        title=title,
        description=plan.ids.choice(VIDEO_DESCRIPTIONS),
        created_at=created,
        published_at=created,
        viewable="public",
        view_count=rng.randint(0, 5000),
        language=user.broadcaster_language,
        type=kind,
        duration=twitch_duration(length),
        game_id=user.game_id or "",
    )
    made.videos.append(video)
    if length >= MINUTE and rng.random() < 0.25:
        offset = rng.randint(0, length - MINUTE)
        made.muted_segments.append(
            MutedSegmentRow(video.id, offset, min(rng.randint(30, 600), length - offset))
        )
    return video


def _clip(plan: Plan, index: int, video_id: str, elapsed: int, on_vod: bool) -> ClipRow:
    """A clip of the live stream by a random viewer, made a little after the moment it shows."""
    rng, user = plan.rng, plan.users[index]
    offset = rng.randint(0, max(0, elapsed - MINUTE))
    duration = round(rng.uniform(5, 60), 1)
    return ClipRow(
        id="".join(rng.sample(CLIP_WORDS, 4)) + "-" + plan.ids.mixed(16),
        broadcaster_id=user.id,
        creator_id=plan.users[plan.anyone()].id,
        video_id=video_id if on_vod else "",
        game_id=user.game_id or "",
        language=user.broadcaster_language,
        title=plan.ids.choice(CLIP_TITLES),
        view_count=rng.randint(0, 20_000),
        created_at=plan.ago(max(0.0, elapsed - offset - duration)),
        duration=duration,
        vod_offset=offset if on_vod else None,
        is_featured=rng.random() < 0.1,
    )


def twitch_duration(seconds: int) -> str:
    """Twitch's video duration form: "3h8m33s", "8m33s", "33s"."""
    hours, rest = divmod(seconds, HOUR)
    minutes, secs = divmod(rest, MINUTE)
    if hours:
        return f"{hours}h{minutes}m{secs}s"
    return f"{minutes}m{secs}s" if minutes else f"{secs}s"
