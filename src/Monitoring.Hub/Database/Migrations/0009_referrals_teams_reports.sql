-- Referrals to hospital tracked to admission, grid teams and the clinic's daily status report (issue 18).

-- A new alarm kind, referral_stalled. Other migrations may add kinds of their own to the same
-- constraint, so it is extended in place (whatever list it holds now, plus ours) rather than
-- restated: restating would drop a kind a neighbouring migration added.
DO $$
DECLARE
    definition text;
BEGIN
    SELECT pg_get_constraintdef(oid) INTO definition FROM pg_constraint WHERE conname = 'alarms_kind_check';
    IF position('referral_stalled' IN definition) = 0 THEN
        EXECUTE 'ALTER TABLE alarms DROP CONSTRAINT alarms_kind_check';
        EXECUTE 'ALTER TABLE alarms ADD CONSTRAINT alarms_kind_check '
            || replace(definition, 'ARRAY[', 'ARRAY[''referral_stalled''::text, ');
    END IF;
END
$$;

-- 包保小分队 (004_306304aaac2aa708.txt, 7): a clinic's grid teams, each with at least one medical
-- member (每个团队至少指定1名医务人员提供专业指导; checked by the API, members are replaced whole).
CREATE TABLE grid_teams (
    id          uuid        PRIMARY KEY,
    clinic_id   uuid        NOT NULL REFERENCES clinics (id),
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    -- A team is retired, not deleted: its patients and the audit trail keep pointing at it.
    retired_at  timestamptz
);
CREATE UNIQUE INDEX grid_teams_clinic_name_key ON grid_teams (clinic_id, lower(name)) WHERE retired_at IS NULL;

CREATE TABLE grid_team_members (
    team_id     uuid    NOT NULL REFERENCES grid_teams (id),
    position    integer NOT NULL CHECK (position >= 0),
    name        text    NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    role        text    NOT NULL CHECK (role IN ('doctor', 'nurse', 'community_worker', 'volunteer', 'other')),
    phone       text    CHECK (length(phone) BETWEEN 1 AND 40),
    PRIMARY KEY (team_id, position)
);

-- Which team looks after a patient (patients.grid_team stays the free-text label it was).
ALTER TABLE patients ADD COLUMN team_id uuid REFERENCES grid_teams (id);
CREATE INDEX patients_team_idx ON patients (team_id) WHERE team_id IS NOT NULL;

-- 转诊 (001 二(二)2(1), 003 分级分类诊疗 二(二)2): one row per referral, its current state and who owns it;
-- every step is a referral_events row (and an audit row). At most one open referral per patient.
CREATE TABLE referrals (
    id                  uuid        PRIMARY KEY,
    patient_id          uuid        NOT NULL REFERENCES patients (id),
    clinic_id           uuid        NOT NULL REFERENCES clinics (id),
    alarm_id            uuid        REFERENCES alarms (id),
    reason              text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    destination_level   text        NOT NULL CHECK (destination_level IN ('sub_designated', 'designated', 'tertiary', 'other')),
    -- What the hub suggested when the referral was made (ReferralLevelPolicy), kept beside the choice.
    suggested_level     text        NOT NULL CHECK (suggested_level IN ('sub_designated', 'designated', 'tertiary', 'other')),
    destination         text        NOT NULL CHECK (length(destination) BETWEEN 1 AND 200),
    transport           text        NOT NULL CHECK (transport IN ('ambulance_120', 'grid_vehicle', 'self')),
    note                text,
    state               text        NOT NULL CHECK (state IN ('requested', 'transport_dispatched', 'departed', 'arrived',
                                        'admitted', 'declined', 'cancelled')),
    -- When the current state began (the step's own time); referral_stalled counts from here.
    state_since         timestamptz NOT NULL,
    owner_user_id       uuid        NOT NULL,
    owner_username      text        NOT NULL,
    requested_at        timestamptz NOT NULL,
    closed_at           timestamptz,
    CONSTRAINT referrals_closed_has_time CHECK ((state IN ('admitted', 'declined', 'cancelled')) = (closed_at IS NOT NULL))
);
CREATE UNIQUE INDEX referrals_one_open_per_patient ON referrals (patient_id) WHERE closed_at IS NULL;
CREATE INDEX referrals_clinic_requested_idx ON referrals (clinic_id, requested_at DESC);
CREATE INDEX referrals_alarm_idx ON referrals (alarm_id) WHERE alarm_id IS NOT NULL;

CREATE TABLE referral_events (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    referral_id     uuid        NOT NULL REFERENCES referrals (id),
    state           text        NOT NULL,
    -- When it happened (given by the clinician, or the time it was recorded) and when it was recorded.
    at              timestamptz NOT NULL,
    recorded_at     timestamptz NOT NULL,
    actor_user_id   uuid,
    actor_username  text        NOT NULL,
    note            text
);
CREATE INDEX referral_events_referral_idx ON referral_events (referral_id, id);

-- The clinic's daily status (004_306304aaac2aa708.txt, 19: 动态掌握…并及时上报), one per clinic-local day,
-- produced each morning for the previous day and kept as produced (the JSON the API answers).
CREATE TABLE daily_reports (
    clinic_id       uuid        NOT NULL REFERENCES clinics (id),
    day             date        NOT NULL,
    generated_at    timestamptz NOT NULL,
    report          jsonb       NOT NULL,
    PRIMARY KEY (clinic_id, day)
);
