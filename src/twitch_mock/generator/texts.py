"""Text for generated content: stream and video titles, clip names, ban reasons, channel points
rewards, poll and prediction questions, schedule titles. Constants only (tuples)."""

from __future__ import annotations

STREAM_TITLES = (
    "Sample stream!",
    "Chill vibes and chat games",
    "Road to top 500 | !discord !socials",
    "First playthrough, no spoilers please",
    "Building a Twitch bot in Python",
    "Speedrun practice - any% attempts",
    "Late night coding session",
    "Ranked grind until I win",
    "Subathon day 3!",
    "Drawing your emote ideas",
    "Just chatting, then we play something",
    "Retro Sunday: beating childhood classics",
)

VIDEO_TITLES = (
    "Sample stream!",
    "Best moments of the week",
    "Full VOD: marathon stream",
    "Tutorial: setting up OBS scenes",
    "Highlight: that clutch play",
    "Q&A with chat",
    "Devlog #12: adding multiplayer",
)

VIDEO_DESCRIPTIONS = (
    "",
    "Such an interesting stream today...",
    "Thanks for watching!",
    "Timestamps in chat.",
)

# Clip ids look like Twitch's: four capitalised words, a dash and a random tail.
CLIP_WORDS = (
    "Awkward", "Helpless", "Salamander", "SwiftRage", "Brave", "Tiny", "Elegant", "Crunchy", "Kangaroo",
    "Pancake", "Kappa", "Jebaited", "Curious", "Noisy", "Turtle", "Bagel", "PogChamp", "Hilarious",
)  # fmt: skip

CLIP_TITLES = ("Generated clip!", "no way", "HOW?!", "chat was right", "the perfect timing", "rip")

MARKER_DESCRIPTIONS = ("", "boss fight", "funny moment", "raid incoming", "new record", "sub goal reached")

BAN_REASONS = (
    "",
    "spam",
    "harassment",
    "excessive caps",
    "links in chat",
    "ban evasion",
    "being rude to chat",
)

# (title, prompt, cost, needs user input)
REWARDS = (
    ("Hydrate!", "Make the streamer drink some water", 100, False),
    ("Highlight my message", "", 250, True),
    ("Choose the next game", "Tell me what to play next", 5000, True),
    ("Song request", "Paste a song link", 500, True),
    ("Do 10 push-ups", "", 1000, False),
    ("Posture check", "", 50, False),
    ("Pick my emote", "Name an emote to spam", 300, True),
    ("Timeout a friend", "Who deserves it?", 2000, True),
)

REDEMPTION_INPUTS = ("hello from chat!", "Minecraft please", "this one: https://example.com/song", "Kappa")

REWARD_COLORS = ("#9147FF", "#00C7AC", "#FA1ED2", "#FF6905", "#1F69FF", "#BFF800")

# (question, answers); a poll uses 2-5 of the answers.
POLLS = (
    ("What should we play next?", ("Minecraft", "Fortnite", "Retro games", "Just chatting", "Art stream")),
    ("Heads or tails?", ("Heads", "Tails")),
    ("Best snack for a stream?", ("Chips", "Popcorn", "Fruit", "Pizza", "Nothing")),
    ("Which language for the next bot?", ("Python", "Go", "TypeScript", "Rust")),
    ("Should I dye my hair?", ("Yes", "No", "Only if we hit the sub goal")),
)

# (question, outcomes); a prediction uses 2-4 of the outcomes.
PREDICTIONS = (
    ("Will we win this match?", ("Yes", "No")),
    ("How many deaths this boss?", ("0-2", "3-5", "6-10", "More than 10")),
    ("Will the streamer beat their PB?", ("Of course", "Not a chance")),
    ("Which team wins?", ("Blue", "Pink", "Draw")),
)

SCHEDULE_TITLES = ("Weekly community night", "Dev stream", "Ranked grind", "Art & chill", "Retro Sunday")
