-- Indexes whose columns start another index's columns on the same table: the longer one serves
-- every lookup the shorter one did, and each row written cost a page more for it.
DROP INDEX IF EXISTS videos_by_user;
DROP INDEX IF EXISTS polls_by_broadcaster;
DROP INDEX IF EXISTS predictions_by_broadcaster;
