"""Generated users and their channels (dev.twitch.tv/docs/api/reference/#get-users,
#get-channel-information, #get-chat-settings): unique logins made from word lists, numeric ids,
profile texts, channel category/title/language/tags, and Twitch's default chat settings."""

from __future__ import annotations

from twitch_mock.core.clock import rfc3339
from twitch_mock.core.ids import Ids
from twitch_mock.domain import names
from twitch_mock.domain.channels import ChannelTagRow
from twitch_mock.domain.chat import ChatSettingsRow
from twitch_mock.domain.users import UserRecord
from twitch_mock.generator.plan import DAY, Plan
from twitch_mock.generator.texts import STREAM_TITLES

MAX_LOGIN = 25
# Channel tags must be letters and digits, so only twitch-cli's tags of that form are used on channels.
CHANNEL_TAGS = ("Happy", "Developement", "CLI", "Smiling", "KomodoHype")


def make_users(
    ids: Ids,
    now: float,
    batch: int,
    count: int,
    categories: tuple[str, ...],
    taken: tuple[set[str], set[str]],
) -> tuple[list[UserRecord], list[float]]:
    """`count` users with logins and ids not in `taken` (logins, ids; both are extended), and their ages
    in seconds. In the first batch the first user is the "all units" partner."""
    logins, user_ids = taken
    users: list[UserRecord] = []
    ages: list[float] = []
    for n in range(count):
        star = batch == 1 and n == 0
        login, display_name = _name(ids, logins)
        age = 6 * 365 * DAY if star else ids.rng.uniform(30, 3000) * DAY
        btype = "partner" if star else ids.rng.choices(names.BROADCASTER_TYPES, names.BROADCASTER_WEIGHTS)[0]
        users.append(
            UserRecord(
                id=_user_id(ids, user_ids),
                login=login,
                display_name=display_name,
                type="",
                broadcaster_type=btype,
                description=names.DESCRIPTIONS[1] if star else ids.choice(names.DESCRIPTIONS),
                profile_image_url=names.PROFILE_IMAGE_URL,
                offline_image_url=names.OFFLINE_IMAGE_URL if btype else "",
                view_count=0,  # deprecated by Twitch, which now always reports 0
                email=f"{login}@example.com",
                created_at=rfc3339(now - age),
                game_id=ids.choice(categories),
                title=ids.choice(STREAM_TITLES),
                broadcaster_language="en" if star else ids.choice(names.LANGUAGES)[0],
                is_branded_content=ids.chance(0.05),
                chat_color=ids.choice(names.CHAT_COLORS),
                batch=batch,
            )
        )
        ages.append(age)
    return users, ages


def channel_tags(plan: Plan) -> list[ChannelTagRow]:
    """1-3 of the channel tags, then the channel's language tag ("English")."""
    language_tag = dict(names.LANGUAGES)
    rows: list[ChannelTagRow] = []
    for user in plan.users:
        picked = plan.rng.sample(CHANNEL_TAGS, plan.rng.randint(1, 3))
        picked.append(language_tag[user.broadcaster_language])
        rows += [ChannelTagRow(user.id, position, tag) for position, tag in enumerate(picked)]
    return rows


def chat_settings(plan: Plan) -> list[ChatSettingsRow]:
    return [ChatSettingsRow(user.id) for user in plan.users]


def _name(ids: Ids, taken: set[str]) -> tuple[str, str]:
    """A display name like "LazyOtter42" and its lowercase login, not yet in `taken` (then added)."""
    rng = ids.rng
    for attempt in range(1000):
        first, second = rng.sample(names.NAME_WORDS, 2)
        # Mostly a number of up to 3 digits; longer ones only once the short names run out.
        number = str(rng.randrange(10 ** (3 + attempt // 200))) if attempt or rng.random() < 0.7 else ""
        tail = f"{rng.choice(names.NAME_SUFFIXES)}{number}"
        display_name = f"{first}{second}"[: MAX_LOGIN - len(tail)] + tail
        login = display_name.lower()
        if login not in taken:
            taken.add(login)
            return login, display_name
    raise RuntimeError("ran out of unique user names")


def _user_id(ids: Ids, taken: set[str]) -> str:
    while True:
        user_id = ids.numeric(ids.choice((8, 9)))
        if user_id not in taken:
            taken.add(user_id)
            return user_id
