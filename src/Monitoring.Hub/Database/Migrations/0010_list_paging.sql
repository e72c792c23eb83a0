-- Lists at a city clinic's scale (issue 19): thousands of patients searched by name, id or device
-- id, paged and sorted in SQL, and the alarm wall's header counted over the open alarms.

-- Trigram indexes answer "name contains …" (ILIKE '%…%', also for Chinese names) without reading
-- every row. pg_trgm ships with PostgreSQL and is a trusted extension (13+): the database owner
-- may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX patients_name_trgm_idx ON patients USING gin (name gin_trgm_ops);
-- The default page: a clinic's patients by name.
CREATE INDEX patients_clinic_name_idx ON patients (clinic_id, name, id);
CREATE INDEX devices_id_trgm_idx ON devices USING gin (id gin_trgm_ops);
CREATE INDEX devices_clinic_id_idx ON devices (clinic_id, id);
-- "A device assigned now": the monitored filter and the device-id search from a patient.
CREATE INDEX device_assignments_open_patient_idx ON device_assignments (patient_id) WHERE to_at IS NULL;
CREATE INDEX device_assignments_open_device_trgm_idx ON device_assignments USING gin (device_id gin_trgm_ops) WHERE to_at IS NULL;
-- The open alarms of a clinic (the wall, its summary), apart from the resolved history.
CREATE INDEX alarms_open_clinic_idx ON alarms (clinic_id, priority, state) WHERE state <> 'resolved';
