-- The leader/follower cluster is gone (issue 16): every hub is an equal Orleans silo whose
-- membership lives in Redis (docs/scale-out.md), so the hub list of 0006 has no reader. The
-- leader lease was a session-level advisory lock and left nothing behind to drop.
DROP TABLE IF EXISTS cluster_members;
