-- Alarms (issue 6): the alarms themselves, the alarm rules' per-patient memory, and clinic and
-- patient threshold overrides. Written by the alarm worker (Alarms/AlarmWorker) and the
-- thresholds API (Thresholds/ThresholdStore); every change is audited in audit_log.

-- One row per alarm; repeats update it (latest value, worst value, count). Enum columns hold the
-- contract's names (Monitoring.Domain AlarmWireNames).
CREATE TABLE alarms (
    id                      uuid        PRIMARY KEY,
    patient_id              uuid        NOT NULL REFERENCES patients (id),
    clinic_id               uuid        NOT NULL REFERENCES clinics (id),
    kind                    text        NOT NULL CHECK (kind IN ('spo2_low', 'fever', 'fever_persistent', 'symptom_reported',
                                            'device_silent', 'battery_low', 'temperature_check_missed', 'followup_overdue',
                                            'contact_cadence_missed')),
    priority                text        NOT NULL CHECK (priority IN ('high', 'medium', 'low')),
    state                   text        NOT NULL CHECK (state IN ('active', 'acknowledged', 'resolved')),
    raised_at               timestamptz NOT NULL,
    -- Escalation and reminders count from here (reset when an acknowledged alarm becomes active again).
    active_since            timestamptz NOT NULL,
    -- The readings' own times (not arrival) of the first and newest reading folded in.
    first_observed_at       timestamptz NOT NULL,
    last_observed_at        timestamptz NOT NULL,
    value                   double precision,
    worst_value             double precision,
    threshold               double precision,
    detail                  text,
    late                    boolean     NOT NULL,
    count                   integer     NOT NULL CHECK (count >= 1),
    last_updated_at         timestamptz NOT NULL,
    -- High priority latches: the condition may be over while the alarm stays open.
    condition_cleared       boolean     NOT NULL,
    condition_cleared_at    timestamptz,
    escalated               boolean     NOT NULL,
    escalation_steps_fired  integer     NOT NULL CHECK (escalation_steps_fired >= 0),
    escalation_level        text,
    reminders_sent          integer     NOT NULL CHECK (reminders_sent >= 0),
    acknowledged_by         text,
    acknowledged_at         timestamptz,
    acknowledge_note        text,
    -- A clinician's username, or 'system' for auto-resolution.
    resolved_by             text,
    resolved_at             timestamptz,
    resolution_note         text,
    CONSTRAINT alarms_resolved_has_time CHECK ((state = 'resolved') = (resolved_at IS NOT NULL)),
    CONSTRAINT alarms_acknowledged_has_time CHECK (state <> 'acknowledged' OR acknowledged_at IS NOT NULL)
);
-- One open alarm per patient and kind, whatever the engine's memory says (a restart, a redelivery).
CREATE UNIQUE INDEX alarms_one_open_per_patient_kind ON alarms (patient_id, kind) WHERE state <> 'resolved';
CREATE INDEX alarms_clinic_raised_idx ON alarms (clinic_id, raised_at DESC);
CREATE INDEX alarms_patient_raised_idx ON alarms (patient_id, raised_at DESC);
CREATE INDEX alarms_updated_idx ON alarms (last_updated_at);

-- The alarm rules' memory of a patient (Monitoring.Domain PatientRuleState as JSON), written in the
-- same transaction as the alarm changes it caused, so a restart or a redelivered reading neither
-- forgets nor repeats. episode_id: the home-treatment episode the state was built in.
CREATE TABLE patient_rule_state (
    patient_id  uuid        PRIMARY KEY REFERENCES patients (id),
    episode_id  uuid,
    state       jsonb       NOT NULL,
    updated_at  timestamptz NOT NULL
);

-- Threshold overrides (Monitoring.Domain ThresholdOverrides as JSON, null = inherit) and the
-- clinic's escalation ladder ([{afterMinutes, notifyLevel}], NULL = the default one step).
CREATE TABLE clinic_thresholds (
    clinic_id   uuid        PRIMARY KEY REFERENCES clinics (id),
    overrides   jsonb       NOT NULL,
    escalation  jsonb,
    updated_at  timestamptz NOT NULL,
    updated_by  uuid
);

CREATE TABLE patient_thresholds (
    patient_id  uuid        PRIMARY KEY REFERENCES patients (id),
    overrides   jsonb       NOT NULL,
    updated_at  timestamptz NOT NULL,
    updated_by  uuid
);
