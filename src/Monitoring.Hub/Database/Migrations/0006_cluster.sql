-- Hub instances of one deployment (docs/scale-out.md). Leadership itself is a PostgreSQL
-- session-level advisory lock held by the leader's dedicated connection; this table only says who
-- the hubs are and how to reach the leader's internal HTTP endpoints (followers forward alarm
-- commands there). A row whose heartbeat is old belongs to a hub that is gone.
CREATE TABLE cluster_members (
    hub_id          text        PRIMARY KEY,
    advertised_url  text        NOT NULL,
    is_leader       boolean     NOT NULL DEFAULT false,
    started_at      timestamptz NOT NULL,
    heartbeat_at    timestamptz NOT NULL
);
