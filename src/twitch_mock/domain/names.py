"""Word lists and fixed values for generated users and channels: name parts, profile texts and images,
chat colours, languages. Constants only (tuples), so nothing here can change between runs."""

from __future__ import annotations

# twitch-cli's 23 name words first, then more in the same spirit.
NAME_WORDS = (
    "KomodoHype", "Dave", "Concrete", "Entree", "Steve", "Chief", "Drake", "Lara", "Shepard", "Kid",
    "Jack", "Gordon", "Fisher", "Banjo", "Marcus", "Duke", "Marston", "Developer", "Skateboard", "Egg",
    "Lion", "Isaac", "Jill",
    "Pixel", "Turbo", "Cosmic", "Lazy", "Salty", "Frosty", "Neon", "Quiet", "Rusty", "Mighty", "Sleepy",
    "Crispy", "Lucky", "Shadow", "Velvet", "Atomic", "Noodle", "Pickle", "Waffle", "Otter", "Panda",
    "Falcon", "Badger", "Taco", "Ninja", "Wizard", "Goblin", "Raccoon", "Toast", "Comet", "Potato",
    "Kappa", "Pog", "Clutch", "Speedy", "Glitch", "Byte", "Cactus", "Moose", "Mango", "Yeti",
)  # fmt: skip

NAME_SUFFIXES = ("", "", "", "TV", "Live", "GG", "Plays", "_tv", "_live", "_")

DESCRIPTIONS = (
    "",
    "Just a chill streamer playing whatever the chat picks.",
    "Variety streamer. Coffee enthusiast. Bad at platformers, worse at puzzles.",
    "Speedrunner and occasional developer. Schedule below!",
    "Building games live on stream. Ask me anything about game dev.",
    "Full-time streamer, part-time cat herder.",
    "Competitive FPS player. Business inquiries in the panels.",
    "Music, art and good vibes every evening.",
    "Retro games, modern problems.",
    "I make bots and tools for Twitch streamers. Open source everything.",
    "Welcome to the channel! Follow to get notified when I go live.",
)

PROFILE_IMAGE_URL = "https://static-cdn.jtvnw.net/jtv_user_pictures/8a6381c7-d0c0-4576-b179-38bd5ce1d6af-profile_image-300x300.png"
OFFLINE_IMAGE_URL = (
    "https://static-cdn.jtvnw.net/jtv_user_pictures/"
    "3f13ab61-ec78-4fe6-8481-8682cb3b0ac2-channel_offline_image-1920x1080.png"
)

# Twitch's named chat colours (Get User Chat Color), plus '' for users who never chose one.
CHAT_COLORS = (
    "", "", "#0000FF", "#8A2BE2", "#5F9EA0", "#D2691E", "#FF7F50", "#1E90FF", "#B22222", "#DAA520",
    "#008000", "#FF69B4", "#FF4500", "#FF0000", "#2E8B57", "#00FF7F", "#9ACD32",
)  # fmt: skip

# (broadcaster_language, the language tag Twitch adds to the channel's tags). Mostly English.
LANGUAGES = (("en", "English"),) * 17 + (("de", "Deutsch"), ("fr", "Français"), ("es", "Español"))

# Broadcaster types with their weights: half are plain users, the rest affiliates and some partners.
BROADCASTER_TYPES = ("", "affiliate", "partner")
BROADCASTER_WEIGHTS = (50, 35, 15)

TIMEZONES = ("UTC", "America/New_York", "America/Los_Angeles", "Europe/London", "Europe/Berlin", "Asia/Tokyo")
