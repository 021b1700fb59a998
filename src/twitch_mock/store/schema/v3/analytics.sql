-- The games whose analytics a user may read (Get Game Analytics: the user's organization owns
-- the game). Extension analytics need no table: a user reads those of the extensions they wrote.
CREATE TABLE game_analytics_owners (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    game_id TEXT NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, game_id)
);
