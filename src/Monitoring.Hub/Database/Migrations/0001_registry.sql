-- Registry and security schema (issue 4): clinics, users, patients with key-population
-- categories and tier history, home-treatment episodes, test results, devices with their
-- assignment history, and the audit log. Applied once, in one transaction, by MigrationRunner.
-- Later changes go into new numbered files; an applied file is never edited (its checksum is checked).

CREATE TABLE clinics (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- IANA zone id (e.g. Asia/Shanghai): "today" for tiers, temperature-check windows and daily reports.
    time_zone   text        NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX clinics_name_key ON clinics (lower(name));

CREATE TABLE users (
    id              uuid        PRIMARY KEY,
    username        text        NOT NULL,
    -- ASP.NET Core Identity PasswordHasher v3 format (PBKDF2); never the password itself.
    password_hash   text        NOT NULL,
    role            text        NOT NULL CHECK (role IN ('nurse', 'doctor', 'admin')),
    clinic_id       uuid        REFERENCES clinics (id),
    failed_logins   integer     NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    locked_until    timestamptz,
    last_login_at   timestamptz,
    created_at      timestamptz NOT NULL,
    -- Nurses and doctors belong to exactly one clinic; administrators to none (they see all).
    CONSTRAINT users_clinic_matches_role CHECK ((role = 'admin') = (clinic_id IS NULL))
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE INDEX users_clinic_idx ON users (clinic_id);

CREATE TABLE patients (
    id                  uuid        PRIMARY KEY,
    clinic_id           uuid        NOT NULL REFERENCES clinics (id),
    name                text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    birth_date          date        NOT NULL,
    sex                 text        NOT NULL CHECK (sex IN ('female', 'male')),
    underlying_disease  text        NOT NULL CHECK (underlying_disease IN ('none', 'stable', 'unstable')),
    vaccination         text        NOT NULL CHECK (vaccination IN ('full', 'partial', 'none')),
    -- 紧急医疗需求 (001 二(三)1): level-3 service whatever the tier.
    urgent_need         boolean     NOT NULL DEFAULT false,
    grid_team           text,
    -- Five-colour pregnancy risk and gestational week, for the pregnant / postpartum categories.
    pregnancy_risk      text        CHECK (pregnancy_risk IN ('green', 'yellow', 'orange', 'red', 'purple')),
    gestational_week    integer     CHECK (gestational_week BETWEEN 0 AND 45),
    risk_tier           text        NOT NULL CHECK (risk_tier IN ('green', 'yellow', 'red')),
    risk_basis          jsonb       NOT NULL,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);
CREATE INDEX patients_clinic_tier_idx ON patients (clinic_id, risk_tier);

-- Key-population categories recorded by a clinician (snake_case codes of Monitoring.Domain
-- KeyPopulationCodes). The age-derived ones (age_65_plus, child_0_6) are computed from the
-- birth date when read, never stored: they change on a birthday.
CREATE TABLE patient_categories (
    patient_id  uuid NOT NULL REFERENCES patients (id),
    code        text NOT NULL CHECK (code ~ '^[a-z0-9_]{1,64}$'),
    PRIMARY KEY (patient_id, code)
);

-- Every (re)computation of a patient's tier, with the basis that decided it.
CREATE TABLE patient_tier_history (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    patient_id      uuid        NOT NULL REFERENCES patients (id),
    assessed_at     timestamptz NOT NULL,
    -- The clinic-local date the age was computed for.
    assessed_on     date        NOT NULL,
    tier            text        NOT NULL CHECK (tier IN ('green', 'yellow', 'red')),
    basis           jsonb       NOT NULL,
    reason          text        NOT NULL,
    actor_user_id   uuid
);
CREATE INDEX patient_tier_history_patient_idx ON patient_tier_history (patient_id, assessed_at);

-- Home treatment (居家治疗) episodes; at most one open episode per patient.
CREATE TABLE episodes (
    id                  uuid        PRIMARY KEY,
    patient_id          uuid        NOT NULL REFERENCES patients (id),
    started_at          timestamptz NOT NULL,
    started_by          uuid,
    ended_at            timestamptz,
    ended_by            uuid,
    end_reason          text,
    -- "症状明显好转或无明显症状" (003 居家治疗指南 四), as judged by a clinician.
    symptoms_improved   boolean     NOT NULL DEFAULT false,
    symptoms_assessed_at timestamptz,
    symptoms_assessed_by uuid,
    CONSTRAINT episodes_end_after_start CHECK (ended_at IS NULL OR ended_at >= started_at),
    CONSTRAINT episodes_end_has_reason CHECK ((ended_at IS NULL) = (end_reason IS NULL))
);
CREATE UNIQUE INDEX episodes_one_open_per_patient ON episodes (patient_id) WHERE ended_at IS NULL;
CREATE INDEX episodes_patient_idx ON episodes (patient_id, started_at);

-- Antigen and nucleic-acid (PCR) results; PCR may carry its Ct value.
CREATE TABLE test_results (
    id          uuid        PRIMARY KEY,
    patient_id  uuid        NOT NULL REFERENCES patients (id),
    kind        text        NOT NULL CHECK (kind IN ('antigen', 'pcr')),
    taken_at    timestamptz NOT NULL,
    result      text        NOT NULL CHECK (result IN ('positive', 'negative')),
    ct          numeric(5, 2) CHECK (ct BETWEEN 0 AND 50),
    recorded_at timestamptz NOT NULL,
    recorded_by uuid,
    CONSTRAINT test_results_ct_only_for_pcr CHECK (ct IS NULL OR kind = 'pcr')
);
CREATE INDEX test_results_patient_idx ON test_results (patient_id, taken_at);

-- Devices issued by a clinic. The broker keeps the account and its salted password hash
-- (dynamic-security plugin); the secret itself is stored nowhere.
CREATE TABLE devices (
    id              text        PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{2,63}$'),
    kind            text        NOT NULL CHECK (kind IN ('oximeter', 'thermometer', 'wearable')),
    clinic_id       uuid        NOT NULL REFERENCES clinics (id),
    registered_at   timestamptz NOT NULL,
    registered_by   uuid,
    revoked_at      timestamptz,
    revoked_by      uuid
);
CREATE INDEX devices_clinic_idx ON devices (clinic_id);

-- Which device was on which patient when: [from_at, to_at), to_at NULL while it still is.
CREATE TABLE device_assignments (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device_id       text        NOT NULL REFERENCES devices (id),
    patient_id      uuid        NOT NULL REFERENCES patients (id),
    from_at         timestamptz NOT NULL,
    to_at           timestamptz,
    assigned_by     uuid,
    unassigned_by   uuid,
    CONSTRAINT device_assignments_period CHECK (to_at IS NULL OR to_at >= from_at)
);
-- One open assignment per device; and the ingestion path's "which patient had device d at t".
CREATE UNIQUE INDEX device_assignments_one_open_per_device ON device_assignments (device_id) WHERE to_at IS NULL;
CREATE INDEX device_assignments_device_time_idx ON device_assignments (device_id, from_at DESC);
CREATE INDEX device_assignments_patient_idx ON device_assignments (patient_id, from_at);

-- Every change through the API: who, when, what, before → after (JSON as the API shows it).
CREATE TABLE audit_log (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at              timestamptz NOT NULL,
    actor_user_id   uuid,
    actor_username  text        NOT NULL,
    action          text        NOT NULL,
    entity          text        NOT NULL,
    entity_id       text        NOT NULL,
    clinic_id       uuid,
    before          jsonb,
    after           jsonb
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, at);
CREATE INDEX audit_log_clinic_idx ON audit_log (clinic_id, at);
