-- Operator alarms (issue 15): alarms about the hub itself rather than a patient, for administrators.
-- The first kind is ingest_data_lost (the broker dropped, or InfluxDB refused, readings it had
-- accepted). Their own table, not rows of alarms: they have no patient and no clinic, and the alarm
-- engine (partitioned by patient) never loads them. One open alarm per kind; a new loss folds into it
-- (count, lost) until an administrator resolves it with a note (high priority latches).
CREATE TABLE operator_alarms (
    id                  uuid        PRIMARY KEY,
    kind                text        NOT NULL CHECK (kind IN ('ingest_data_lost')),
    priority            text        NOT NULL CHECK (priority IN ('high', 'medium', 'low')),
    state               text        NOT NULL CHECK (state IN ('active', 'acknowledged', 'resolved')),
    raised_at           timestamptz NOT NULL,
    -- Messages or readings lost since the alarm opened (broker drops + InfluxDB refusals).
    lost                bigint      NOT NULL CHECK (lost >= 0),
    detail              text        NOT NULL,
    count               integer     NOT NULL CHECK (count >= 1),
    last_updated_at     timestamptz NOT NULL,
    acknowledged_by     text,
    acknowledged_at     timestamptz,
    acknowledge_note    text,
    resolved_by         text,
    resolved_at         timestamptz,
    resolve_note        text
);

CREATE UNIQUE INDEX operator_alarms_one_open_per_kind ON operator_alarms (kind) WHERE state <> 'resolved';
CREATE INDEX operator_alarms_raised_idx ON operator_alarms (raised_at DESC);

-- The broker's $SYS/broker/publish/messages/dropped counter as last counted into ingest_data_lost,
-- with when that broker started (the counter restarts from 0 with it). Kept here, not in memory, so
-- drops while no hub watched (the hub down: the very case in which its queue overflows) are counted
-- when a hub comes back, and several hubs of one deployment count each drop once.
CREATE TABLE broker_drop_watermark (
    id                  integer     PRIMARY KEY CHECK (id = 1),
    broker_started_at   timestamptz NOT NULL,
    dropped             bigint      NOT NULL CHECK (dropped >= 0),
    updated_at          timestamptz NOT NULL
);
