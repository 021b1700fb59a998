"""twitch-cli's `event verify-subscription` (alias `verify`): send a callback the
`webhook_callback_verification` message Twitch sends after Create, and report whether it answered
as Twitch requires: a 2xx status with the challenge as the whole body. A Content-Type other than
`text/plain` is only a warning, as in twitch-cli. `twitch-mock event verify-subscription`
(commands/event_webhook.py) is a thin shell over `verify_subscription`; `forward` is the one
sender of every message the CLI POSTs to a webhook (trigger -F, retrigger)."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field

from twitch_mock.core.clock import Clock
from twitch_mock.eventsub.callbacks import Attempt, post
from twitch_mock.eventsub.transport import Message
from twitch_mock.eventsub.transport import timestamp as stamp
from twitch_mock.eventsub.webhook import TIMEOUT, challenge_message, headers, wire_url

DEFAULT_VERSION = "1"


@dataclass(frozen=True, slots=True)
class Verification:
    """What the callback answered, and what was wrong with it."""

    challenge: str
    message_id: str
    status: int | None
    body: str
    content_type: str
    problems: list[str] = field(default_factory=list)  # empty: the callback passed
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verification_message(
    callback: str,
    subscription_type: str,
    *,
    version: str = DEFAULT_VERSION,
    broadcaster_id: str = "",
    subscription_id: str | None = None,
    message_id: str | None = None,
    timestamp: str | None = None,
    challenge: str | None = None,
    clock: Clock | None = None,
) -> Message:
    """The message twitch-cli sends: a pending subscription of `subscription_type` whose condition
    names the broadcaster, on the webhook `callback`."""
    now = timestamp or stamp((clock or Clock()).now())
    subscription = {
        "id": subscription_id or str(uuid.uuid4()),
        "status": "webhook_callback_verification_pending",
        "type": subscription_type,
        "version": version,
        "cost": 0,
        "condition": {"broadcaster_user_id": broadcaster_id},
        "transport": {"method": "webhook", "callback": callback},
        "created_at": now,
    }
    return challenge_message(
        challenge or str(uuid.uuid4()), subscription, message_id or str(uuid.uuid4()), now
    )


def judge(message: Message, answer: Attempt) -> Verification:
    challenge = str(message.body["challenge"])
    body = answer.body.decode("utf-8", "replace")
    problems, warnings = [], []
    if answer.status is None:
        problems.append(f"The callback did not answer: {answer.error}")
    else:
        if not answer.ok:
            problems.append(f"The callback answered with status {answer.status}; a 2xx status is required")
        if body != challenge:
            problems.append(f"The response body was {body[:100]!r}; it must be the challenge {challenge!r}")
        if answer.content_type.split(";")[0].strip().lower() != "text/plain":
            shown = answer.content_type or "none"
            warnings.append(f"The response's Content-Type was {shown}; Twitch expects text/plain")
    return Verification(
        challenge, message.message_id, answer.status, body, answer.content_type, problems, warnings
    )


def forward(
    callback: str, message: Message, secret: str | None = None, *, timeout: float = TIMEOUT
) -> Attempt:
    """POST one message to any callback with Twitch's headers, signed when `secret` is given
    (`twitch-mock event trigger -F <url> -s <secret>`, `retrigger`). Blocking: for the CLI."""
    return asyncio.run(forward_async(callback, message, secret, timeout=timeout))


async def forward_async(
    callback: str, message: Message, secret: str | None = None, *, timeout: float = TIMEOUT
) -> Attempt:
    """`forward` for the event loop."""
    body = message.json()
    return await post(wire_url(callback), body, headers(message, secret, body), timeout)


def verify_subscription(
    callback: str, message: Message, secret: str | None = None, *, timeout: float = TIMEOUT
) -> Verification:
    """Send `message` (see `verification_message`) to `callback`, signed with `secret` when given,
    and judge the answer. Blocking: for the CLI."""
    return judge(message, forward(callback, message, secret, timeout=timeout))


async def verify_subscription_async(
    callback: str, message: Message, secret: str | None = None, *, timeout: float = TIMEOUT
) -> Verification:
    """`verify_subscription` for the event loop (the control API)."""
    return judge(message, await forward_async(callback, message, secret, timeout=timeout))
