-- Schedule family: a segment recurs weekly at the same wall-clock time in its own time zone.
ALTER TABLE schedule_segments ADD COLUMN timezone TEXT NOT NULL DEFAULT 'UTC';
