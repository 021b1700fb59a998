-- Entitlements family: Get Drops Entitlements lists a user's entitlements newest first.
CREATE INDEX drops_entitlements_by_user ON drops_entitlements (user_id, timestamp);
