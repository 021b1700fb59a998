"""The changes behind `twitch-mock event trigger` (domain/triggers.py): one function per twitch-cli
event name, each made to happen through the family that owns the change, making first what it
needs and doesn't have (a `poll-end` without a running poll starts one)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final

from twitch_mock.core.errors import BadRequest
from twitch_mock.domain import (
    authorizations,
    bans,
    bits,
    channel_points,
    channels,
    charity,
    chat_notices,
    commercials,
    entitlements,
    follows,
    goals,
    hypetrain,
    moderators,
    polls,
    predictions,
    raids,
    redemptions,
    shield_mode,
    streams,
    subscriptions,
    users,
)
from twitch_mock.domain.services import Services


@dataclass(frozen=True, slots=True)
class Trigger:
    """The flags of one trigger, resolved: `broadcaster` is an id; `viewer` is None for "a new user"."""

    broadcaster: str
    viewer: str | None
    gifter: str | None
    tier: str
    cost: int | None
    item_id: str | None
    item_name: str | None
    description: str | None
    status: str | None
    game_id: str | None
    anonymous: bool
    client_id: str | None


def _viewer(s: Services, t: Trigger) -> str:
    return t.viewer or users.create_user(s).id


# --- viewers --------------------------------------------------------------------------------------


def _follow(s: Services, t: Trigger) -> None:
    follows.follow(s, _viewer(s, t), t.broadcaster)


def _subscribe(s: Services, t: Trigger) -> None:
    subscriptions.subscribe(s, _viewer(s, t), t.broadcaster, t.tier)


def _gift_one(s: Services, t: Trigger) -> None:
    gifter = t.gifter or users.create_user(s).id
    subscriptions.subscribe(s, _viewer(s, t), t.broadcaster, t.tier, gifter_id=gifter)


def _gift(s: Services, t: Trigger) -> None:
    gifter = t.gifter or t.viewer or users.create_user(s).id
    subscriptions.gift(s, gifter, t.broadcaster, t.cost or 1, t.tier, t.anonymous)


def _subscriber(s: Services, t: Trigger) -> str:
    """The viewer when they subscribe; else a new subscriber."""
    viewer = _viewer(s, t)
    if subscriptions.subscription(s.conn, viewer, t.broadcaster) is None:
        subscriptions.subscribe(s, viewer, t.broadcaster, t.tier)
    return viewer


def _resub(s: Services, t: Trigger) -> None:
    message = t.description if t.description is not None else "Another month!"
    subscriptions.resubscribe(s, _subscriber(s, t), t.broadcaster, message, cumulative_months=t.cost)


def _unsubscribe(s: Services, t: Trigger) -> None:
    subscriptions.end_subscription(s, _subscriber(s, t), t.broadcaster)


def _cheer(s: Services, t: Trigger) -> None:
    amount = t.cost or 100
    message = t.description if t.description is not None else f"Cheer{amount}"
    bits.cheer(s, _viewer(s, t), t.broadcaster, amount, message, anonymous=t.anonymous)


def _raid(s: Services, t: Trigger) -> None:
    raids.arrive(s, _viewer(s, t), t.broadcaster, t.cost if t.cost is not None else s.ids.between(1, 500))


def _ban(s: Services, t: Trigger) -> None:
    bans.ban(s, _viewer(s, t), t.broadcaster, reason=t.description or "")


def _unban(s: Services, t: Trigger) -> None:
    viewer = _viewer(s, t)
    if not bans.is_banned(s, t.broadcaster, viewer):
        bans.ban(s, viewer, t.broadcaster)
    bans.unban(s, t.broadcaster, t.broadcaster, viewer)


def _add_moderator(s: Services, t: Trigger) -> None:
    moderators.add_moderator(s, _viewer(s, t), t.broadcaster)


def _remove_moderator(s: Services, t: Trigger) -> None:
    viewer = _viewer(s, t)
    if not moderators.is_moderator(s.conn, t.broadcaster, viewer):
        moderators.add_moderator(s, viewer, t.broadcaster)
    moderators.remove_moderator(s, t.broadcaster, viewer)


# --- channel points --------------------------------------------------------------------------------


def _reward(s: Services, t: Trigger, *, new: bool = False) -> str:
    """The reward named by `item_id`, or a new one."""
    if t.item_id is not None and not new:
        channel_points.the_reward(s.conn, t.broadcaster, t.item_id, "item_id")
        return t.item_id
    title = t.item_name or f"Mock reward {s.ids.between(1000, 9999)}"
    changes = channel_points.RewardChanges(title=title, cost=t.cost or 100)
    return channel_points.create(s, t.broadcaster, t.client_id or "", changes).id


def _add_reward(s: Services, t: Trigger) -> None:
    _reward(s, t, new=True)


def _update_reward(s: Services, t: Trigger) -> None:
    changes = channel_points.RewardChanges(prompt=t.description or "Updated by a trigger")
    channel_points.update(s, t.broadcaster, _reward(s, t), changes)


def _remove_reward(s: Services, t: Trigger) -> None:
    channel_points.delete(s, t.broadcaster, _reward(s, t))


def _add_redemption(s: Services, t: Trigger) -> None:
    redemptions.redeem(s, _reward(s, t), _viewer(s, t), t.description or "")


def _update_redemption(s: Services, t: Trigger) -> None:
    reward = _reward(s, t)
    made = redemptions.redeem(s, reward, _viewer(s, t), t.description or "")
    status = (t.status or "FULFILLED").upper()
    redemptions.set_redemption_status(s, t.broadcaster, reward, [made.id], status)


# --- polls and predictions -------------------------------------------------------------------------


def _running_poll(s: Services, t: Trigger) -> polls.Poll | None:
    if not polls.settle(s, t.broadcaster):
        return None
    row = s.conn.execute(
        "SELECT id FROM polls WHERE broadcaster_id = ? AND status = 'ACTIVE'", (t.broadcaster,)
    ).fetchone()
    return polls.poll(s.conn, str(row[0]))


def _poll(s: Services, t: Trigger) -> polls.Poll:
    """The channel's running poll, or a new one."""
    running = _running_poll(s, t)
    if running is not None:
        return running
    return polls.create(s, t.broadcaster, t.description or "Mock poll", ["Yes", "No"], t.cost or 60)


def _poll_begin(s: Services, t: Trigger) -> None:
    running = _running_poll(s, t)
    if running is not None:
        polls.end(s, t.broadcaster, running.id, "TERMINATED")
    _poll(s, t)


def _poll_progress(s: Services, t: Trigger) -> None:
    poll = _poll(s, t)
    polls.vote(s, poll.id, poll.choices[0].id)


def _poll_end(s: Services, t: Trigger) -> None:
    polls.end(s, t.broadcaster, _poll(s, t).id, (t.status or "TERMINATED").upper())


def _running_prediction(s: Services, t: Trigger) -> predictions.Prediction | None:
    predictions.settle(s, t.broadcaster)
    row = s.conn.execute(
        "SELECT id FROM predictions WHERE broadcaster_id = ? AND status IN ('ACTIVE', 'LOCKED')",
        (t.broadcaster,),
    ).fetchone()
    return None if row is None else predictions.prediction(s.conn, str(row[0]))


def _prediction(s: Services, t: Trigger) -> predictions.Prediction:
    """The channel's running prediction, or a new one."""
    running = _running_prediction(s, t)
    if running is not None:
        return running
    title = t.description or "Mock prediction"
    return predictions.create(s, t.broadcaster, title, ["Yes", "No"], t.cost or 120)


def _prediction_begin(s: Services, t: Trigger) -> None:
    running = _running_prediction(s, t)
    if running is not None:
        predictions.end(s, t.broadcaster, running.id, "CANCELED")
    _prediction(s, t)


def _prediction_progress(s: Services, t: Trigger) -> None:
    found = _prediction(s, t)
    predictions.bet(s, found.id, found.outcomes[0].id, _viewer(s, t), t.cost or 100)


def _prediction_lock(s: Services, t: Trigger) -> None:
    found = _prediction(s, t)
    if found.status == "ACTIVE":
        predictions.end(s, t.broadcaster, found.id, "LOCKED")


def _prediction_end(s: Services, t: Trigger) -> None:
    found = _prediction(s, t)
    if (t.status or "").upper() == "CANCELED":
        predictions.end(s, t.broadcaster, found.id, "CANCELED")
    else:
        predictions.end(s, t.broadcaster, found.id, "RESOLVED", found.outcomes[0].id)


# --- charity, goals, hype trains ---------------------------------------------------------------


def _campaign(s: Services, t: Trigger, *, new: bool = False) -> None:
    running = charity.campaigns(s.conn, t.broadcaster)
    if running and new:
        charity.stop_campaign(s, t.broadcaster)
    if not running or new:
        spec = charity.CampaignSpec(t.item_name or "Mock Charity", target_amount=1_500_000)
        charity.start_campaign(s, t.broadcaster, spec)


def _charity_start(s: Services, t: Trigger) -> None:
    _campaign(s, t, new=True)


def _charity_donate(s: Services, t: Trigger) -> None:
    _campaign(s, t)
    charity.donate(s, t.broadcaster, _viewer(s, t), t.cost or 500)


def _charity_stop(s: Services, t: Trigger) -> None:
    _campaign(s, t)
    charity.stop_campaign(s, t.broadcaster)


def _goal(s: Services, t: Trigger) -> goals.Goal:
    """The channel's follower goal, or a new one."""
    found = [g for g in goals.goals(s.conn, t.broadcaster) if g.type == "follower"]
    if found:
        return found[0]
    target = t.cost or follows.follower_count(s.conn, t.broadcaster) + 10
    return goals.create_goal(s, t.broadcaster, "follower", target, t.description or "")


def _goal_begin(s: Services, t: Trigger) -> None:
    for goal in goals.goals(s.conn, t.broadcaster):
        if goal.type == "follower":
            goals.end_goal(s, goal.id)
    _goal(s, t)


def _goal_progress(s: Services, t: Trigger) -> None:
    _goal(s, t)
    follows.follow(s, users.create_user(s).id if t.viewer is None else t.viewer, t.broadcaster)


def _goal_end(s: Services, t: Trigger) -> None:
    goals.end_goal(s, _goal(s, t).id)


def _hype_contribution(s: Services, t: Trigger) -> None:
    hypetrain.contribute(s, t.broadcaster, _viewer(s, t), "bits", t.cost or 100)


def _running_train(s: Services, t: Trigger) -> bool:
    return hypetrain.status(s.conn, t.broadcaster, s.clock.now()).current is not None


def _hype_begin(s: Services, t: Trigger) -> None:
    if _running_train(s, t):
        hypetrain.end(s, t.broadcaster)
    _hype_contribution(s, t)


def _hype_progress(s: Services, t: Trigger) -> None:
    if not _running_train(s, t):
        _hype_contribution(s, t)
    _hype_contribution(s, t)


def _hype_end(s: Services, t: Trigger) -> None:
    if not _running_train(s, t):
        _hype_contribution(s, t)
    hypetrain.end(s, t.broadcaster)


# --- the channel and its stream ------------------------------------------------------------------


def _live(s: Services, user_id: str) -> None:
    """The user is live, with viewers."""
    if not streams.viewer_count(s.conn, user_id):
        streams.create_stream(s, user_id, viewer_count=s.ids.between(1, 200))


def _stream_up(s: Services, t: Trigger) -> None:
    streams.create_stream(s, t.broadcaster, title=t.description, game_id=t.game_id or t.item_id)


def _stream_down(s: Services, t: Trigger) -> None:
    _live(s, t.broadcaster)
    streams.end_stream(s, t.broadcaster)


def _channel_update(s: Services, t: Trigger) -> None:
    title = t.description or f"Mock title {s.ids.between(1000, 9999)}"
    channels.modify(s, t.broadcaster, channels.ChannelChanges(title=title, game_id=t.game_id or t.item_id))


def _user_update(s: Services, t: Trigger) -> None:
    user = t.viewer or t.broadcaster
    users.update_description(s, user, t.description or f"Updated {s.now()}")


def _shield(s: Services, t: Trigger, active: bool) -> None:
    if active and shield_mode.status(s.conn, t.broadcaster).is_active:
        shield_mode.update(s, t.broadcaster, t.broadcaster, False)
    if not active and not shield_mode.status(s.conn, t.broadcaster).is_active:
        shield_mode.update(s, t.broadcaster, t.broadcaster, True)
    shield_mode.update(s, t.broadcaster, t.broadcaster, active)


def _shoutout(s: Services, t: Trigger, outgoing: bool) -> None:
    other = _viewer(s, t)
    sender, receiver = (t.broadcaster, other) if outgoing else (other, t.broadcaster)
    _live(s, sender)
    chat_notices.send_shoutout(s, sender, receiver, sender)


def _ad_break(s: Services, t: Trigger) -> None:
    _live(s, t.broadcaster)
    commercials.start(s, t.broadcaster, t.cost or 30)


def _drop(s: Services, t: Trigger) -> None:
    game = t.game_id or t.item_id
    if game is None:
        row = s.conn.execute("SELECT id FROM categories ORDER BY id LIMIT 1").fetchone()
        if row is None:
            raise BadRequest('No category to grant a drop in; give "game_id"')
        game = str(row[0])
    entitlements.grant(s, _viewer(s, t), game)


def _client(s: Services, t: Trigger) -> str:
    if t.client_id is not None:
        if s.store.auth.client(t.client_id) is None:
            raise BadRequest(f"No client has the id {t.client_id}")
        return t.client_id
    found = next((c for c in s.store.auth.clients() if not c.is_public), None)
    if found is None:
        raise BadRequest('No client is registered; give "client_id"')
    return found.id


def _grant(s: Services, t: Trigger) -> None:
    client, viewer = _client(s, t), _viewer(s, t)
    if authorizations.is_authorized(s, client, viewer):
        authorizations.disconnect(s, viewer, client)
    authorizations.authorize(s, client, viewer)


def _revoke(s: Services, t: Trigger) -> None:
    client, viewer = _client(s, t), _viewer(s, t)
    authorizations.authorize(s, client, viewer)
    authorizations.disconnect(s, viewer, client)


def _unsupported(s: Services, t: Trigger) -> None:
    raise BadRequest("extension.bits_transaction.create is not simulated: the mock has no extensions")


Handler = Callable[[Services, Trigger], None]

# handler key -> (the event type it names, the handler)
KINDS: Final[Mapping[str, tuple[str, Handler]]] = {
    "follow": ("channel.follow", _follow),
    "subscribe": ("channel.subscribe", _subscribe),
    "gift": ("channel.subscribe", _gift_one),
    "channel-gift": ("channel.subscription.gift", _gift),
    "subscribe-message": ("channel.subscription.message", _resub),
    "unsubscribe": ("channel.subscription.end", _unsubscribe),
    "cheer": ("channel.cheer", _cheer),
    "raid": ("channel.raid", _raid),
    "ban": ("channel.ban", _ban),
    "unban": ("channel.unban", _unban),
    "add-moderator": ("channel.moderator.add", _add_moderator),
    "remove-moderator": ("channel.moderator.remove", _remove_moderator),
    "add-reward": ("channel.channel_points_custom_reward.add", _add_reward),
    "update-reward": ("channel.channel_points_custom_reward.update", _update_reward),
    "remove-reward": ("channel.channel_points_custom_reward.remove", _remove_reward),
    "add-redemption": ("channel.channel_points_custom_reward_redemption.add", _add_redemption),
    "update-redemption": ("channel.channel_points_custom_reward_redemption.update", _update_redemption),
    "poll-begin": ("channel.poll.begin", _poll_begin),
    "poll-progress": ("channel.poll.progress", _poll_progress),
    "poll-end": ("channel.poll.end", _poll_end),
    "prediction-begin": ("channel.prediction.begin", _prediction_begin),
    "prediction-progress": ("channel.prediction.progress", _prediction_progress),
    "prediction-lock": ("channel.prediction.lock", _prediction_lock),
    "prediction-end": ("channel.prediction.end", _prediction_end),
    "charity-start": ("channel.charity_campaign.start", _charity_start),
    "charity-donate": ("channel.charity_campaign.donate", _charity_donate),
    "charity-progress": ("channel.charity_campaign.progress", _charity_donate),
    "charity-stop": ("channel.charity_campaign.stop", _charity_stop),
    "goal-begin": ("channel.goal.begin", _goal_begin),
    "goal-progress": ("channel.goal.progress", _goal_progress),
    "goal-end": ("channel.goal.end", _goal_end),
    "hype-train-begin": ("channel.hype_train.begin", _hype_begin),
    "hype-train-progress": ("channel.hype_train.progress", _hype_progress),
    "hype-train-end": ("channel.hype_train.end", _hype_end),
    "shield-mode-begin": ("channel.shield_mode.begin", lambda s, t: _shield(s, t, True)),
    "shield-mode-end": ("channel.shield_mode.end", lambda s, t: _shield(s, t, False)),
    "shoutout-create": ("channel.shoutout.create", lambda s, t: _shoutout(s, t, True)),
    "shoutout-received": ("channel.shoutout.receive", lambda s, t: _shoutout(s, t, False)),
    "stream-change": ("channel.update", _channel_update),
    "streamup": ("stream.online", _stream_up),
    "streamdown": ("stream.offline", _stream_down),
    "user-update": ("user.update", _user_update),
    "ad-break-begin": ("channel.ad_break.begin", _ad_break),
    "drop": ("drop.entitlement.grant", _drop),
    "grant": ("user.authorization.grant", _grant),
    "revoke": ("user.authorization.revoke", _revoke),
    "transaction": ("extension.bits_transaction.create", _unsupported),
}
