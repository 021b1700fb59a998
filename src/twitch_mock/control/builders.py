"""Every builder of a unit with chosen attributes, declared once. A `Builder` names a domain
function (`fn(services, ...)`), and from its signature come:

- the control API route `POST /_mock/<route>` (control/endpoints.py): a JSON body whose fields are
  the function's parameters, unknown fields refused, user fields by id or login;
- the `MockTwitch` method of the same name (mock.py, through `BuilderMethod`), typed like the
  function without its first argument;
- the `twitch-mock add <command>` CLI command (commands/units.py), one option per parameter.

So a new unit kind is one function in its domain module and one line in `BUILDERS`."""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar

from twitch_mock.core.errors import BadRequest, NotFound
from twitch_mock.domain import (
    authorizations,
    automod,
    bans,
    bits,
    channels,
    charity,
    chat,
    chat_messages,
    chat_send,
    chat_warnings,
    checks,
    emotes,
    entitlements,
    follows,
    goals,
    hypetrain,
    moderators,
    polls,
    predictions,
    raids,
    redemptions,
    shared_chat,
    subscriptions,
    teams,
    triggers,
    unban_requests,
    users,
    videos,
    vips,
    whispers,
)
from twitch_mock.domain.services import Services
from twitch_mock.domain.streams import create_stream, end_stream
from twitch_mock.domain.users import BlockRow, create_user
from twitch_mock.store.auth import Client

P = ParamSpec("P")
R = TypeVar("R")

# Fields that name a user: the control API and the CLI take an id or a login.
USER_FIELDS = frozenset(
    {"user_id", "broadcaster_id", "moderator_id", "gifter_id", "target_user_id", "from_user_id", "to_user_id"}
)
# CLI option names where they are not --<field-with-dashes>.
CLI_NAMES: Mapping[str, str] = {
    "user_id": "user",
    "broadcaster_id": "broadcaster",
    "moderator_id": "moderator",
    "gifter_id": "gifter",
    "target_user_id": "target",
    "from_user_id": "from",
    "to_user_id": "to",
    "broadcaster_language": "language",
    "redirect_uris": "redirect-uri",
}


@dataclass(frozen=True, slots=True)
class Field:
    """One parameter of a builder: its name, its type (str, int, bool or list[str]), whether it
    must be given, and its default."""

    name: str
    kind: type
    required: bool
    default: Any


@dataclass(frozen=True)
class Builder(Generic[P, R]):
    name: str  # the MockTwitch method
    command: str  # twitch-mock add <command>
    route: str  # POST /_mock<route>
    make: Callable[Concatenate[Services, P], R]
    summary: str  # what the unit is (the CLI command's help, the method's docstring)
    arguments: tuple[str, ...] = ()  # CLI arguments rather than options
    help: Mapping[str, str] = field(default_factory=dict)  # CLI help per field

    @property
    def doc(self) -> str:
        return self.summary

    @property
    def fields(self) -> tuple[Field, ...]:
        hints = typing.get_type_hints(self.make)
        out = []
        for name, param in list(inspect.signature(self.make).parameters.items())[1:]:
            required = param.default is inspect.Parameter.empty
            out.append(Field(name, _kind(hints[name]), required, None if required else param.default))
        return tuple(out)


def _kind(hint: Any) -> type:
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) in (list, tuple, Sequence) or (
        args and typing.get_origin(args[0]) in (list, Sequence)
    ):
        return list
    plain = args[0] if len(args) == 1 else hint
    return plain if plain in (str, int, bool, float) else str


def create_client(
    s: Services,
    name: str,
    redirect_uris: Sequence[str] = (),
    public: bool = False,
    id: str | None = None,
    secret: str | None = None,
) -> Client:
    """A registered application: confidential (with a secret) unless `public` (device code flow)."""
    if s.controller is None:
        raise NotFound("The control API is served only by a MockTwitch instance")
    return s.controller.register_client(name, redirect_uris, public=public, client_id=id, secret=secret)


USER_HELP = {
    "login": "Login (lowercased); generated when left out.",
    "id": "Numeric id; generated when left out.",
    "created_at": "RFC3339 time (default: now).",
    "game_id": "The channel's category id.",
    "title": "The channel's title.",
    "broadcaster_language": "The channel's broadcaster_language.",
}

CREATE_USER = Builder(
    "create_user", "user", "/users", create_user, "A user and their channel.", help=USER_HELP
)
CREATE_STREAM = Builder("create_stream", "stream", "/streams", create_stream, "The user goes live.")
CREATE_CLIENT = Builder(
    "create_client",
    "client",
    "/clients",
    create_client,
    "A registered application (confidential, with a secret, unless --public).",
    arguments=("name",),
    help={"redirect_uris": "An allowed redirect URI (repeatable).", "public": "A public client: no secret."},
)
FOLLOW = Builder("follow", "follow", "/follows", follows.follow, "The user follows the broadcaster.")
SUBSCRIBE = Builder(
    "subscribe",
    "subscription",
    "/subscriptions",
    subscriptions.subscribe,
    "The user subscribes to the broadcaster (an affiliate or partner).",
)
BAN = Builder(
    "ban",
    "ban",
    "/bans",
    bans.ban,
    "The broadcaster bans (or times out) the user; their moderator and VIP roles end.",
    help={"duration": "A timeout of this many seconds (default: permanent).", "moderator_id": "Who banned."},
)
ADD_MODERATOR = Builder(
    "add_moderator", "moderator", "/moderators", moderators.add_moderator, "The user becomes a moderator."
)
ADD_VIP = Builder("add_vip", "vip", "/vips", vips.add_vip, "The user becomes a VIP of the channel.")
ADD_EDITOR = Builder("add_editor", "editor", "/editors", channels.add_editor, "The user becomes an editor.")


def block(s: Services, user_id: str, target_user_id: str) -> BlockRow:
    """`user_id` blocks `target_user_id`."""
    if user_id == target_user_id:
        raise BadRequest('"user_id" and "target_user_id" must be different users')
    checks.user(s, "user_id", user_id)
    checks.user(s, "target_user_id", target_user_id)
    return users.block(s, user_id, target_user_id)


BLOCK = Builder("block", "block", "/blocks", block, "The user blocks the target user.")
CHAT_MESSAGE = Builder(
    "send_chat_message",
    "chat-message",
    "/chat/messages",
    chat_messages.add_message,
    "A message the user sent in the broadcaster's chat (Delete Chat Messages can delete it).",
    help={"message_id": "The message's id (default: a new UUID)."},
)
HELD_MESSAGE = Builder(
    "hold_automod_message",
    "held-message",
    "/automod/held",
    automod.hold_message,
    "A chat message AutoMod holds for review (Manage Held AutoMod Messages acts on it).",
    help={"message_id": "The message's id (default: a new UUID)."},
)
CREATE_VIDEO = Builder("create_video", "video", "/videos", videos.create_video, "A published video.")
CREATE_TEAM = Builder("create_team", "team", "/teams", teams.create_team, "A team, with no members yet.")
JOIN_TEAM = Builder("join_team", "team-member", "/team-members", teams.join_team, "The user joins the team.")
CHEER = Builder(
    "cheer", "cheer", "/cheers", bits.cheer, "The user cheers Bits in the channel (an affiliate or partner)."
)
GRANT_ENTITLEMENT = Builder(
    "grant_entitlement",
    "entitlement",
    "/entitlements",
    entitlements.grant,
    "A drop the user earned in a game.",
)
WHISPER = Builder("send_whisper", "whisper", "/whispers", whispers.send_whisper, "One user whispers another.")
JOIN_CHAT = Builder(
    "join_chat",
    "chatter",
    "/chat/chatters",
    chat.join_chat,
    "The user is in the channel's chat (Get Chatters).",
)
ADD_EMOTE = Builder("add_emote", "emote", "/chat/emotes", emotes.add_emote, "A custom emote of the channel.")
ADD_BADGE = Builder(
    "add_badge", "badge", "/chat/badges", emotes.add_badge, "A custom chat badge of the channel."
)
VOTE = Builder("vote", "poll-vote", "/polls/votes", polls.vote, "Viewers vote on a running poll.")
BET = Builder(
    "bet",
    "prediction-bet",
    "/predictions/bets",
    predictions.bet,
    "The user bets Channel Points on an outcome.",
)
REDEEM = Builder(
    "redeem",
    "redemption",
    "/channel_points/redemptions",
    redemptions.redeem,
    "The user redeems a custom reward.",
)
DONATE = Builder(
    "donate",
    "donation",
    "/charity/donations",
    charity.donate,
    "The user donates to the channel's charity campaign.",
)
CREATE_GOAL = Builder(
    "create_goal", "goal", "/goals", goals.create_goal, "The broadcaster starts a creator goal."
)
END_GOAL = Builder("end_goal", "goal-end", "/goals/end", goals.end_goal, "A creator goal ends.")
CONTRIBUTE = Builder(
    "contribute_to_hype_train",
    "hype-contribution",
    "/hypetrain/contributions",
    hypetrain.contribute,
    "The user adds to the channel's hype train (starting one when none runs).",
)
END_HYPE_TRAIN = Builder(
    "end_hype_train", "hype-train-end", "/hypetrain/end", hypetrain.end, "The channel's hype train ends now."
)
ACKNOWLEDGE_WARNING = Builder(
    "acknowledge_warning",
    "warning-acknowledge",
    "/warnings/acknowledge",
    chat_warnings.acknowledge_warning,
    "The warned user acknowledges their warning in the channel and may chat again.",
)
REQUEST_UNBAN = Builder(
    "request_unban",
    "unban-request",
    "/unban_requests",
    unban_requests.request_unban,
    "A banned user asks the channel to unban them (Get / Resolve Unban Requests).",
)
VIEWER_CHATS = Builder(
    "chat",
    "chat",
    "/chat/send",
    chat_send.viewer_chats,
    "A viewer chats: the message goes through Send Chat Message's rules (sent, dropped or held).",
    help={"reply_parent_message_id": "The message this one replies to."},
)
START_SHARED_CHAT = Builder(
    "start_shared_chat",
    "shared-chat",
    "/shared_chat/sessions",
    shared_chat.start_shared_chat,
    "The host channel shares its chat with other channels (Get Shared Chat Session).",
)
END_SHARED_CHAT = Builder(
    "end_shared_chat",
    "shared-chat-end",
    "/shared_chat/end",
    shared_chat.end_shared_chat,
    "The host's shared chat session ends.",
)

# --- simulated viewers: what no Helix endpoint causes (each publishes its EventSub event) -----------


def start_charity(
    s: Services,
    broadcaster_id: str,
    charity_name: str = "Mock Charity",
    target_amount: int = 1_500_000,
    charity_description: str = "",
    charity_website: str = "",
) -> charity.Campaign:
    """The broadcaster starts a charity campaign (`target_amount` in cents, USD; default $15,000)."""
    spec = charity.CampaignSpec(
        charity_name, target_amount, charity_description, charity_website=charity_website
    )
    return charity.start_campaign(s, broadcaster_id, spec)


def stop_charity(s: Services, broadcaster_id: str) -> dict[str, str]:
    """The broadcaster's charity campaign ends."""
    charity.stop_campaign(s, broadcaster_id)
    return {"broadcaster_id": broadcaster_id}


def _client_id(s: Services, client_id: str | None) -> str:
    """The client named, or the mock's first confidential one."""
    if client_id is not None:
        if s.store.auth.client(client_id) is None:
            raise NotFound(f"No client has the id {client_id}")
        return client_id
    found = next((c for c in s.store.auth.clients() if not c.is_public), None)
    if found is None:
        raise NotFound("No confidential client is registered")
    return found.id


def authorize(s: Services, user_id: str, client_id: str | None = None) -> authorizations.Authorization:
    """The user authorizes the client (default: the mock's first confidential client)."""
    checks.user(s, "user_id", user_id)
    return authorizations.authorize(s, _client_id(s, client_id), user_id)


def disconnect(
    s: Services, user_id: str, client_id: str | None = None
) -> authorizations.UserAuthorizationRevoke:
    """The user removes the app's connection (default: the mock's first confidential client)."""
    return authorizations.disconnect(s, user_id, _client_id(s, client_id))


END_STREAM = Builder("end_stream", "stream-end", "/streams/end", end_stream, "The user's stream ends.")
GIFT = Builder(
    "gift_subscriptions",
    "gift",
    "/subscriptions/gifts",
    subscriptions.gift,
    "The gifter gives subscriptions to users of the channel who have none.",
    help={"count": "How many subscriptions (1-100).", "anonymous": "An anonymous gift."},
)
RESUBSCRIBE = Builder(
    "resubscribe",
    "resub",
    "/subscriptions/messages",
    subscriptions.resubscribe,
    "The subscriber shares a resub message in chat.",
)
END_SUBSCRIPTION = Builder(
    "end_subscription",
    "subscription-end",
    "/subscriptions/end",
    subscriptions.end_subscription,
    "The user's subscription to the channel ends.",
)
RAID = Builder(
    "raid",
    "raid",
    "/raids",
    raids.arrive,
    "A raid from one channel arrives in another.",
    help={"viewers": "How many viewers the raid brings."},
)
START_CHARITY = Builder(
    "start_charity",
    "charity",
    "/charity/campaigns",
    start_charity,
    "The broadcaster starts a charity campaign.",
)
STOP_CHARITY = Builder(
    "stop_charity", "charity-end", "/charity/campaigns/end", stop_charity, "The charity campaign ends."
)
AUTHORIZE = Builder(
    "authorize", "authorization", "/authorizations", authorize, "The user authorizes the client."
)
DISCONNECT = Builder(
    "disconnect",
    "authorization-revoke",
    "/authorizations/revoke",
    disconnect,
    "The user removes the client's connection (every token of the pair dies).",
)
TRIGGER = Builder(
    "trigger",
    "trigger",
    "/events/trigger",
    triggers.trigger,
    "twitch-cli's `event trigger`: the event (a type or an alias) happens in the world.",
    arguments=("event",),
    help={
        "event": "An EventSub type (channel.follow) or a twitch-cli alias (follow).",
        "count": "How many times (1-100).",
        "cost": "Bits, Channel Points, viewers, gifts or months, as the event takes.",
    },
)

BUILDERS: tuple[Builder[Any, Any], ...] = (
    CREATE_USER,
    CREATE_STREAM,
    CREATE_CLIENT,
    FOLLOW,
    SUBSCRIBE,
    BAN,
    ADD_MODERATOR,
    ADD_VIP,
    ADD_EDITOR,
    BLOCK,
    CHAT_MESSAGE,
    HELD_MESSAGE,
    CREATE_VIDEO,
    CREATE_TEAM,
    JOIN_TEAM,
    CHEER,
    GRANT_ENTITLEMENT,
    WHISPER,
    JOIN_CHAT,
    ADD_EMOTE,
    ADD_BADGE,
    VOTE,
    BET,
    REDEEM,
    DONATE,
    CREATE_GOAL,
    END_GOAL,
    CONTRIBUTE,
    END_HYPE_TRAIN,
    ACKNOWLEDGE_WARNING,
    REQUEST_UNBAN,
    VIEWER_CHATS,
    START_SHARED_CHAT,
    END_SHARED_CHAT,
    END_STREAM,
    GIFT,
    RESUBSCRIBE,
    END_SUBSCRIPTION,
    RAID,
    START_CHARITY,
    STOP_CHARITY,
    AUTHORIZE,
    DISCONNECT,
    TRIGGER,
)


class BuilderMethod(Generic[P, R]):
    """`MockTwitch.follow = BuilderMethod(FOLLOW)`: the builder as a method that runs it in one
    transaction on the server's thread (`owner._write`), typed like the domain function."""

    def __init__(self, builder: Builder[P, R]) -> None:
        self.builder = builder
        self.__doc__ = builder.doc

    def __get__(self, mock: Any, owner: type | None = None) -> Callable[P, R]:
        make = self.builder.make

        def method(*args: P.args, **kwargs: P.kwargs) -> R:
            result: R = mock._write(make, mock.services, *args, **kwargs)
            return result

        method.__doc__ = self.builder.doc
        method.__name__ = self.builder.name
        return method
