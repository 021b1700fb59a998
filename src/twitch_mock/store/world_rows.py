"""Row types for bulk-inserting a generated world (store/world.py's `WorldStore.add`).

Each class is one table: `TABLE` names it and the fields are its columns, in schema order, with the
same names, so one generic `executemany` writes any of them. Users, clients and tokens are not here:
they go through `UserStore.insert` and `AuthStore.add_client` / `add_token`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class CategoryRow:
    TABLE: ClassVar[str] = "categories"
    id: str
    name: str
    box_art_url: str
    igdb_id: str


@dataclass(frozen=True, slots=True)
class TagRow:
    TABLE: ClassVar[str] = "tags"
    id: str
    tag_name: str
    is_auto: bool = False


@dataclass(frozen=True, slots=True)
class ChannelTagRow:
    TABLE: ClassVar[str] = "channel_tags"
    broadcaster_id: str
    position: int
    tag: str


@dataclass(frozen=True, slots=True)
class ChatSettingsRow:
    """Twitch's defaults for a new channel: every mode off, no durations."""

    TABLE: ClassVar[str] = "chat_settings"
    broadcaster_id: str
    slow_mode: bool = False
    slow_mode_wait_time: int | None = None
    follower_mode: bool = False
    follower_mode_duration: int | None = None
    subscriber_mode: bool = False
    emote_mode: bool = False
    unique_chat_mode: bool = False
    non_moderator_chat_delay: bool = False
    non_moderator_chat_delay_duration: int | None = None


@dataclass(frozen=True, slots=True)
class FollowRow:
    """`user_id` follows `broadcaster_id`."""

    TABLE: ClassVar[str] = "follows"
    broadcaster_id: str
    user_id: str
    followed_at: str


@dataclass(frozen=True, slots=True)
class BlockRow:
    """`user_id` has blocked `target_user_id`."""

    TABLE: ClassVar[str] = "blocks"
    user_id: str
    target_user_id: str
    created_at: str


@dataclass(frozen=True, slots=True)
class BanRow:
    TABLE: ClassVar[str] = "bans"
    broadcaster_id: str
    user_id: str
    moderator_id: str
    reason: str
    created_at: str
    expires_at: str | None


@dataclass(frozen=True, slots=True)
class ModeratorRow:
    TABLE: ClassVar[str] = "moderators"
    broadcaster_id: str
    user_id: str
    created_at: str


@dataclass(frozen=True, slots=True)
class EditorRow(ModeratorRow):
    TABLE: ClassVar[str] = "editors"


@dataclass(frozen=True, slots=True)
class VipRow(ModeratorRow):
    TABLE: ClassVar[str] = "vips"


@dataclass(frozen=True, slots=True)
class SubscriptionRow:
    TABLE: ClassVar[str] = "subscriptions"
    broadcaster_id: str
    user_id: str
    tier: str
    is_gift: bool
    gifter_id: str | None
    created_at: str


@dataclass(frozen=True, slots=True)
class TeamRow:
    TABLE: ClassVar[str] = "teams"
    id: str
    team_name: str
    team_display_name: str
    info: str
    thumbnail_url: str
    background_image_url: str | None
    banner: str | None
    created_at: str
    updated_at: str


@dataclass(frozen=True, slots=True)
class TeamMemberRow:
    TABLE: ClassVar[str] = "team_members"
    team_id: str
    user_id: str


@dataclass(frozen=True, slots=True)
class StreamRow:
    TABLE: ClassVar[str] = "streams"
    id: str
    user_id: str
    type: str
    viewer_count: int
    started_at: str
    is_mature: bool


@dataclass(frozen=True, slots=True)
class VideoRow:
    TABLE: ClassVar[str] = "videos"
    id: str
    stream_id: str | None
    user_id: str
    title: str
    description: str
    created_at: str
    published_at: str
    viewable: str
    view_count: int
    language: str
    type: str
    duration: str


@dataclass(frozen=True, slots=True)
class MutedSegmentRow:
    TABLE: ClassVar[str] = "video_muted_segments"
    video_id: str
    offset: int
    duration: int


@dataclass(frozen=True, slots=True)
class ClipRow:
    TABLE: ClassVar[str] = "clips"
    id: str
    broadcaster_id: str
    creator_id: str
    video_id: str
    game_id: str
    language: str
    title: str
    view_count: int
    created_at: str
    duration: float
    vod_offset: int | None
    is_featured: bool


@dataclass(frozen=True, slots=True)
class MarkerRow:
    TABLE: ClassVar[str] = "stream_markers"
    id: str
    user_id: str
    video_id: str
    created_at: str
    description: str
    position_seconds: int


@dataclass(frozen=True, slots=True)
class RewardRow:
    TABLE: ClassVar[str] = "custom_rewards"
    id: str
    broadcaster_id: str
    client_id: str
    title: str
    prompt: str
    cost: int
    background_color: str
    is_enabled: bool
    is_user_input_required: bool
    max_per_stream_enabled: bool
    max_per_stream: int
    max_per_user_per_stream_enabled: bool
    max_per_user_per_stream: int
    global_cooldown_enabled: bool
    global_cooldown_seconds: int
    is_paused: bool
    is_in_stock: bool
    should_redemptions_skip_request_queue: bool
    redemptions_redeemed_current_stream: int | None
    cooldown_expires_at: str | None
    created_at: str


@dataclass(frozen=True, slots=True)
class RedemptionRow:
    TABLE: ClassVar[str] = "redemptions"
    id: str
    reward_id: str
    broadcaster_id: str
    user_id: str
    user_input: str
    status: str
    redeemed_at: str


@dataclass(frozen=True, slots=True)
class PollRow:
    TABLE: ClassVar[str] = "polls"
    id: str
    broadcaster_id: str
    title: str
    bits_voting_enabled: bool
    bits_per_vote: int
    channel_points_voting_enabled: bool
    channel_points_per_vote: int
    status: str
    duration: int
    started_at: str
    ended_at: str | None


@dataclass(frozen=True, slots=True)
class PollChoiceRow:
    TABLE: ClassVar[str] = "poll_choices"
    id: str
    poll_id: str
    position: int
    title: str
    votes: int
    channel_points_votes: int
    bits_votes: int


@dataclass(frozen=True, slots=True)
class PredictionRow:
    TABLE: ClassVar[str] = "predictions"
    id: str
    broadcaster_id: str
    title: str
    winning_outcome_id: str | None
    prediction_window: int
    status: str
    created_at: str
    ended_at: str | None
    locked_at: str | None


@dataclass(frozen=True, slots=True)
class OutcomeRow:
    TABLE: ClassVar[str] = "prediction_outcomes"
    id: str
    prediction_id: str
    position: int
    title: str
    color: str


@dataclass(frozen=True, slots=True)
class BetRow:
    TABLE: ClassVar[str] = "prediction_bets"
    prediction_id: str
    outcome_id: str
    user_id: str
    channel_points: int


@dataclass(frozen=True, slots=True)
class SegmentRow:
    TABLE: ClassVar[str] = "schedule_segments"
    id: str
    broadcaster_id: str
    start_time: str
    end_time: str
    title: str
    category_id: str | None
    is_recurring: bool
    canceled_until: str | None


@dataclass(frozen=True, slots=True)
class ScheduleSettingsRow:
    TABLE: ClassVar[str] = "schedule_settings"
    broadcaster_id: str
    timezone: str
    vacation_start_time: str | None = None
    vacation_end_time: str | None = None


@dataclass(frozen=True, slots=True)
class EntitlementRow:
    TABLE: ClassVar[str] = "drops_entitlements"
    id: str
    benefit_id: str
    user_id: str
    game_id: str
    timestamp: str
    fulfillment_status: str
    last_updated: str
