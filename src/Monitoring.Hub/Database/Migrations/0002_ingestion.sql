-- Ingestion (issue 5): rejected device messages kept for inspection, rejection totals by reason,
-- and each device's last contact and last reported status. Written in batches by the ingestion
-- path (Ingestion/RejectedStore, Ingestion/DeviceStatusStore), never one row per reading.

-- The newest rejected messages (pruned to Ingestion:RejectedKeep), newest = highest id.
-- One row per message and reason; a row may stand for several records of the message.
CREATE TABLE ingest_rejected (
    id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    received_at         timestamptz NOT NULL,
    topic               text        NOT NULL,
    -- From the topic; NULL when the topic itself was not a device topic.
    device_id           text,
    reason              text        NOT NULL CHECK (reason ~ '^[a-z_]{1,64}$'),
    detail              text        NOT NULL,
    -- Records of the message this row stands for; 0 when the whole message was rejected.
    records             integer     NOT NULL CHECK (records >= 0),
    -- The first bytes of the payload as text (invalid UTF-8 and NUL replaced).
    payload             text        NOT NULL,
    payload_truncated   boolean     NOT NULL
);
CREATE INDEX ingest_rejected_device_idx ON ingest_rejected (device_id, id);

-- Every rejection counted by reason, including those whose payload was not kept
-- (per-device storage rate limit), so totals survive pruning and restarts.
CREATE TABLE ingest_rejected_counts (
    reason      text        PRIMARY KEY CHECK (reason ~ '^[a-z_]{1,64}$'),
    count       bigint      NOT NULL CHECK (count >= 0),
    last_at     timestamptz NOT NULL
);

-- Last message of any kind from a device, and its last status (retained online/offline, the
-- offline one being its will). No foreign key: status is recorded for registered devices only,
-- but a revoked or re-created device must never make a batch fail.
CREATE TABLE device_status (
    device_id       text        PRIMARY KEY,
    last_seen_at    timestamptz,
    last_status     text        CHECK (last_status IN ('online', 'offline')),
    status_at       timestamptz
);
