-- Polls, predictions and channel points (domain/polls.py, domain/predictions.py,
-- domain/channel_points.py).

-- Get Polls pages a channel's polls newest first; the partial index finds the one running poll.
CREATE INDEX polls_by_broadcaster_page ON polls (broadcaster_id, started_at, id);
CREATE INDEX polls_active ON polls (broadcaster_id) WHERE status = 'ACTIVE';

CREATE INDEX predictions_by_broadcaster_page ON predictions (broadcaster_id, created_at, id);
CREATE INDEX predictions_running ON predictions (broadcaster_id) WHERE status IN ('ACTIVE', 'LOCKED');
CREATE INDEX prediction_outcomes_by_prediction ON prediction_outcomes (prediction_id, position);

-- The points a bet paid back once its prediction ended: the winnings of a bet on the winning
-- outcome, 0 for a losing one, the bet itself when the prediction was canceled (a refund).
-- NULL while the prediction is open.
ALTER TABLE prediction_bets ADD COLUMN payout INTEGER;

CREATE INDEX redemptions_by_reward_time ON redemptions (reward_id, redeemed_at, id);
