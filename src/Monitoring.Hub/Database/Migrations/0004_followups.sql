-- Follow-ups, contacts and reminders (issue 7). The durable source of truth for follow-up
-- scheduling is here, not in Quartz: Quartz (tables qrtz_*, provisioned by Quartz itself) only runs
-- the periodic sweeps (FollowUps/*Sweep) that read these tables and raise reminders idempotently.

-- A clinician's per-patient follow-up interval (001 二(二)2(1): "可根据病情增加随访频次").
-- No row: the effective thresholds' FollowUpIntervalDays (clinic / patient override, default 3).
CREATE TABLE followup_plans (
    patient_id      uuid        PRIMARY KEY REFERENCES patients (id),
    interval_days   integer     NOT NULL CHECK (interval_days BETWEEN 1 AND 30),
    updated_at      timestamptz NOT NULL,
    updated_by      uuid
);

-- One row per follow-up (随访). Only the next one of an episode is materialised: completing it
-- creates the one after (completed day + interval), ending the episode cancels the open one.
-- due_on is a clinic-local calendar date; it is overdue once that day has ended in the clinic.
-- The patient's clinic is read through patients (a patient may move clinic).
CREATE TABLE followups (
    id              uuid        PRIMARY KEY,
    patient_id      uuid        NOT NULL REFERENCES patients (id),
    episode_id      uuid        NOT NULL REFERENCES episodes (id),
    due_on          date        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('due', 'done', 'cancelled')),
    created_at      timestamptz NOT NULL,
    completed_at    timestamptz,
    completed_by    uuid,
    channel         text        CHECK (channel IN ('phone', 'wechat', 'video', 'visit')),
    outcome         text,
    note            text,
    cancelled_at    timestamptz,
    CONSTRAINT followups_done_has_completion CHECK ((status = 'done') = (completed_at IS NOT NULL AND channel IS NOT NULL AND outcome IS NOT NULL))
);
-- At most one open follow-up per episode, whatever two clinicians do at once.
CREATE UNIQUE INDEX followups_one_open_per_episode ON followups (episode_id) WHERE status = 'due';
CREATE INDEX followups_patient_idx ON followups (patient_id, due_on);
CREATE INDEX followups_open_idx ON followups (due_on) WHERE status = 'due';

-- Contacts with a patient (004 §8: phone, WeChat, video or home visit), from a completed follow-up
-- or recorded on their own. Counted per clinic-local ISO week for the contact cadence.
CREATE TABLE contacts (
    id              uuid        PRIMARY KEY,
    patient_id      uuid        NOT NULL REFERENCES patients (id),
    at              timestamptz NOT NULL,
    channel         text        NOT NULL CHECK (channel IN ('phone', 'wechat', 'video', 'visit')),
    source          text        NOT NULL CHECK (source IN ('followup', 'manual')),
    followup_id     uuid        REFERENCES followups (id),
    note            text,
    by_user         uuid
);
CREATE INDEX contacts_patient_at_idx ON contacts (patient_id, at);

-- Reminders already raised: the idempotency key of every sweep. A sweep inserts the key and raises
-- the alarm in one transaction; a second hub (or a re-run) finds the key and raises nothing.
-- period_key: the follow-up id (followup_overdue), the ISO week "2026-W47" (contact_cadence_missed),
-- the clinic-local date and window "2026-11-22/morning" (temperature_check_missed).
CREATE TABLE reminders_sent (
    kind            text        NOT NULL,
    patient_id      uuid        NOT NULL REFERENCES patients (id),
    period_key      text        NOT NULL,
    sent_at         timestamptz NOT NULL,
    PRIMARY KEY (kind, patient_id, period_key)
);
