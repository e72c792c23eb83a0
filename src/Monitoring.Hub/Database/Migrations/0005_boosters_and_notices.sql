-- Second-booster reminders and end-of-treatment notices (issue 7).

-- Two alarm kinds beyond the contract's nine (extensions, low priority): booster_due (000: second
-- booster 6 months or more after the first) and end_criteria_met (003 居家治疗指南 四: home treatment may end).
ALTER TABLE alarms DROP CONSTRAINT alarms_kind_check;
ALTER TABLE alarms ADD CONSTRAINT alarms_kind_check CHECK (kind IN ('spo2_low', 'fever', 'fever_persistent', 'symptom_reported',
    'device_silent', 'battery_low', 'temperature_check_missed', 'followup_overdue', 'contact_cadence_missed',
    'booster_due', 'end_criteria_met'));

-- A patient's COVID-19 boosters (000_65bbdb77c316a43b.txt). patients.vaccination (full / partial /
-- none) is the primary series for the risk tier and says nothing about boosters; the second booster is
-- due 6 months after the first for the groups of Monitoring.Domain BoosterPolicy, one of which
-- (感染高风险人群, exposure) only a clinician can record. Its own table, not patient columns: PUT
-- /api/patients/{id} replaces the whole patient, and a client unaware of boosters would clear them.
CREATE TABLE patient_boosters (
    patient_id          uuid        PRIMARY KEY REFERENCES patients (id),
    first_booster_on    date,
    second_booster_on   date,
    high_infection_risk boolean     NOT NULL DEFAULT false,
    updated_at          timestamptz NOT NULL,
    updated_by          uuid,
    CONSTRAINT patient_boosters_second_after_first
        CHECK (second_booster_on IS NULL OR (first_booster_on IS NOT NULL AND second_booster_on > first_booster_on))
);

-- reminders_sent period_key of the new kinds: the first booster's date "2026-05-22" (booster_due, so a
-- corrected date is a new reminder) and the episode id (end_criteria_met; the key is forgotten when the
-- criteria stop being met, so meeting them again is told again).
