"""Every EventSub subscription type and version Twitch documents (reference/eventsub.md section
d): its condition fields (required, optional, exactly one of), the scopes the authorizing user
must have granted (any one of them, or one of each group), whose grant counts (a.10), which
transports it may use, its cost rule (a.7) and how dispatch finds its subscriptions for an event
(the condition field that is the indexed key, the event field that carries it, optional filters).
Removed versions that libraries still send answer 410: channel.follow, channel.update and
channel.hype_train.* version 1."""

from __future__ import annotations

from dataclasses import dataclass

B, M, U = "broadcaster_user_id", "moderator_user_id", "user_id"

# Subscriptions that need no user authorization cost 1 unless a condition user authorized the client
FREE_TYPES = frozenset(
    {
        "stream.online",
        "stream.offline",
        "channel.update",
        "user.update",
        "channel.raid",
        "channel.shared_chat.begin",
        "channel.shared_chat.update",
        "channel.shared_chat.end",
    }
)


@dataclass(frozen=True, slots=True)
class TypeSpec:
    type: str
    versions: tuple[str, ...]
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    one_of: tuple[str, ...] = ()  # exactly one of these condition fields
    scopes: tuple[str, ...] = ()  # any one of them (empty: no user authorization)
    scope_groups: tuple[tuple[str, ...], ...] = ()  # one of each group (channel.moderate)
    authorizer: str | None = None  # the condition field whose user's grant counts
    mod: bool = False  # the authorizer must moderate the condition's broadcaster
    chat: bool = False  # channel.chat.*: + user:bot (and channel:bot or mod) with an app token
    app_client: str | None = None  # app token only; this condition field must equal its client id
    webhook_only: bool = False
    key: str = B  # the condition field dispatch looks subscriptions up by
    event_key: str | None = None  # the event field holding that key (default: same name)
    filters: tuple[tuple[str, str], ...] = ()  # (condition field, event field) optional filters
    gone: tuple[str, ...] = ()  # versions Twitch removed: 410

    @property
    def fields(self) -> tuple[str, ...]:
        return (*self.required, *self.optional, *self.one_of)

    def needs_authorization(self) -> bool:
        return bool(self.scopes or self.scope_groups)

    def scope_groups_for(self, version: str) -> tuple[tuple[str, ...], ...]:
        """The scope groups the authorizing user needs: one scope of each group."""
        groups = self.scope_groups
        if self.type == "channel.moderate" and version == "1":
            groups = groups[:-1]  # v2 added warnings
        return ((self.scopes,) if self.scopes else ()) + groups


def _spec(name: str, versions: str, condition: str, scopes: str = "", **extra: object) -> TypeSpec:
    """`condition`: "B M" style letters or field names, `?` suffix optional; scopes `a|b`."""
    letters = {"B": B, "M": M, "U": U}
    required: list[str] = []
    optional: list[str] = []
    for part in condition.split():
        target = optional if part.endswith("?") else required
        target.append(letters.get(part.rstrip("?"), part.rstrip("?")))
    authorizer: str | None = None
    if scopes:
        authorizer = M if M in required else (U if U in required else B)
    extra.setdefault("authorizer", authorizer)
    if M in required and scopes:
        extra.setdefault("mod", True)
    return TypeSpec(
        type=name,
        versions=tuple(versions.split()),
        required=tuple(required),
        optional=tuple(optional),
        scopes=tuple(s for s in scopes.split("|") if s),
        **extra,  # type: ignore[arg-type]
    )


REDEMPTIONS = "channel:read:redemptions|channel:manage:redemptions"
POLLS = "channel:read:polls|channel:manage:polls"
PREDICTIONS = "channel:read:predictions|channel:manage:predictions"
SUBS = "channel:read:subscriptions"
CHAT = "user:read:chat"
GUEST_STAR = (
    "channel:read:guest_star|channel:manage:guest_star|moderator:read:guest_star|moderator:manage:guest_star"
)
UNBAN_REQUESTS = "moderator:read:unban_requests|moderator:manage:unban_requests"
WARNINGS = "moderator:read:warnings|moderator:manage:warnings"
SHIELD = "moderator:read:shield_mode|moderator:manage:shield_mode"
SHOUTOUTS = "moderator:read:shoutouts|moderator:manage:shoutouts"
REWARD = (("reward_id", "reward.id"),)
MODERATE_GROUPS = (
    *(
        (f"moderator:read:{x}", f"moderator:manage:{x}")
        for x in ("blocked_terms", "chat_settings", "unban_requests", "banned_users", "chat_messages")
    ),
    ("moderator:read:moderators",),
    ("moderator:read:vips",),
    ("moderator:read:warnings", "moderator:manage:warnings"),
)

_SPECS = [
    _spec("automod.message.hold", "1 2", "B M", "moderator:manage:automod"),
    _spec("automod.message.update", "1 2", "B M", "moderator:manage:automod"),
    _spec("automod.settings.update", "1", "B M", "moderator:read:automod_settings"),
    _spec("automod.terms.update", "1", "B M", "moderator:manage:automod"),
    _spec("channel.bits.use", "1", "B", "bits:read"),
    _spec("channel.update", "2", "B", gone=("1",)),
    _spec("channel.follow", "2", "B M", "moderator:read:followers", gone=("1",)),
    _spec("channel.ad_break.begin", "1", "B", "channel:read:ads"),
    _spec("channel.chat.clear", "1", "B U", CHAT, chat=True),
    _spec("channel.chat.clear_user_messages", "1", "B U", CHAT, chat=True),
    _spec("channel.chat.message", "1", "B U", CHAT, chat=True),
    _spec("channel.chat.message_delete", "1", "B U", CHAT, chat=True),
    _spec("channel.chat.notification", "1", "B U", CHAT, chat=True),
    _spec("channel.chat_settings.update", "1", "B U", CHAT, chat=True),
    _spec("channel.chat.user_message_hold", "1", "B U", CHAT, chat=True, filters=((U, U),)),
    _spec("channel.chat.user_message_update", "1", "B U", CHAT, chat=True, filters=((U, U),)),
    _spec("channel.shared_chat.begin", "1", "B"),
    _spec("channel.shared_chat.update", "1", "B"),
    _spec("channel.shared_chat.end", "1", "B"),
    _spec("channel.subscribe", "1", "B", SUBS),
    _spec("channel.subscription.end", "1", "B", SUBS),
    _spec("channel.subscription.gift", "1", "B", SUBS),
    _spec("channel.subscription.message", "1", "B", SUBS),
    _spec("channel.cheer", "1", "B", "bits:read"),
    TypeSpec(
        "channel.raid",
        ("1",),
        (),
        one_of=("from_broadcaster_user_id", "to_broadcaster_user_id"),
        key="from_broadcaster_user_id",
    ),
    _spec("channel.ban", "1", "B", "channel:moderate"),
    _spec("channel.unban", "1", "B", "channel:moderate"),
    _spec("channel.unban_request.create", "1", "B M", UNBAN_REQUESTS),
    _spec("channel.unban_request.resolve", "1", "B M", UNBAN_REQUESTS),
    _spec("channel.moderate", "1 2", "B M", scope_groups=MODERATE_GROUPS, authorizer=M, mod=True),
    _spec("channel.moderator.add", "1", "B", "moderation:read"),
    _spec("channel.moderator.remove", "1", "B", "moderation:read"),
    _spec("channel.guest_star_session.begin", "beta", "B M", GUEST_STAR),
    _spec("channel.guest_star_session.end", "beta", "B M", GUEST_STAR),
    _spec("channel.guest_star_guest.update", "beta", "B M", GUEST_STAR),
    _spec("channel.guest_star_settings.update", "beta", "B M", GUEST_STAR),
    _spec("channel.channel_points_automatic_reward_redemption.add", "1 2", "B", REDEMPTIONS),
    _spec("channel.channel_points_custom_reward.add", "1", "B", REDEMPTIONS),
    _spec(
        "channel.channel_points_custom_reward.update",
        "1",
        "B reward_id?",
        REDEMPTIONS,
        filters=(("reward_id", "id"),),
    ),
    _spec(
        "channel.channel_points_custom_reward.remove",
        "1",
        "B reward_id?",
        REDEMPTIONS,
        filters=(("reward_id", "id"),),
    ),
    _spec(
        "channel.channel_points_custom_reward_redemption.add",
        "1",
        "B reward_id?",
        REDEMPTIONS,
        filters=REWARD,
    ),
    _spec(
        "channel.channel_points_custom_reward_redemption.update",
        "1",
        "B reward_id?",
        REDEMPTIONS,
        filters=REWARD,
    ),
    _spec("channel.poll.begin", "1", "B", POLLS),
    _spec("channel.poll.progress", "1", "B", POLLS),
    _spec("channel.poll.end", "1", "B", POLLS),
    _spec("channel.prediction.begin", "1", "B", PREDICTIONS),
    _spec("channel.prediction.progress", "1", "B", PREDICTIONS),
    _spec("channel.prediction.lock", "1", "B", PREDICTIONS),
    _spec("channel.prediction.end", "1", "B", PREDICTIONS),
    _spec("channel.suspicious_user.message", "1", "B M", "moderator:read:suspicious_users"),
    _spec("channel.suspicious_user.update", "1", "B M", "moderator:read:suspicious_users"),
    _spec("channel.vip.add", "1", "B", "channel:read:vips|channel:manage:vips"),
    _spec("channel.vip.remove", "1", "B", "channel:read:vips|channel:manage:vips"),
    _spec("channel.warning.acknowledge", "1", "B M", WARNINGS),
    _spec("channel.warning.send", "1", "B M", WARNINGS),
    _spec("channel.charity_campaign.donate", "1", "B", "channel:read:charity"),
    _spec("channel.charity_campaign.start", "1", "B", "channel:read:charity"),
    _spec("channel.charity_campaign.progress", "1", "B", "channel:read:charity"),
    _spec("channel.charity_campaign.stop", "1", "B", "channel:read:charity"),
    _spec(
        "conduit.shard.disabled",
        "1",
        "client_id conduit_id?",
        app_client="client_id",
        key="client_id",
        filters=(("conduit_id", "conduit_id"),),
    ),
    _spec(
        "drop.entitlement.grant",
        "1",
        "organization_id category_id? campaign_id?",
        webhook_only=True,
        key="organization_id",
        filters=(("category_id", "category_id"), ("campaign_id", "campaign_id")),
    ),
    _spec(
        "extension.bits_transaction.create",
        "1",
        "extension_client_id",
        app_client="extension_client_id",
        webhook_only=True,
        key="extension_client_id",
    ),
    _spec("channel.goal.begin", "1", "B", "channel:read:goals"),
    _spec("channel.goal.progress", "1", "B", "channel:read:goals"),
    _spec("channel.goal.end", "1", "B", "channel:read:goals"),
    _spec("channel.hype_train.begin", "2", "B", "channel:read:hype_train", gone=("1",)),
    _spec("channel.hype_train.progress", "2", "B", "channel:read:hype_train", gone=("1",)),
    _spec("channel.hype_train.end", "2", "B", "channel:read:hype_train", gone=("1",)),
    _spec("channel.shield_mode.begin", "1", "B M", SHIELD),
    _spec("channel.shield_mode.end", "1", "B M", SHIELD),
    _spec("channel.shoutout.create", "1", "B M", SHOUTOUTS),
    _spec("channel.shoutout.receive", "1", "B M", SHOUTOUTS),
    _spec("stream.online", "1", "B"),
    _spec("stream.offline", "1", "B"),
    _spec(
        "user.authorization.grant",
        "1",
        "client_id",
        app_client="client_id",
        webhook_only=True,
        key="client_id",
    ),
    _spec(
        "user.authorization.revoke",
        "1",
        "client_id",
        app_client="client_id",
        webhook_only=True,
        key="client_id",
    ),
    _spec("user.update", "1", "U", key=U),
    _spec(
        "user.whisper.message",
        "1",
        "U",
        "user:read:whispers|user:manage:whispers",
        key=U,
        event_key="to_user_id",
    ),
]

TYPES: dict[str, TypeSpec] = {spec.type: spec for spec in _SPECS}


def spec(name: str) -> TypeSpec | None:
    return TYPES.get(name)


def condition_key(spec: TypeSpec, condition: dict[str, str]) -> str:
    """The value a subscription is indexed by: the key field's value (for a raid, which of the two
    fields it names, as `from:<id>` or `to:<id>`)."""
    if spec.one_of:
        for name in spec.one_of:
            if condition.get(name):
                return f"{name.split('_', 1)[0]}:{condition[name]}"
    return condition.get(spec.key, "")
