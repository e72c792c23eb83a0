-- Hangfire replaces Quartz.NET (issue 17). Quartz's job store (tables qrtz_*, see 0004's header) was
-- provisioned at run time by Quartz itself, not by a migration, but in this database by the hub: drop
-- it, so an upgraded database holds no store nothing reads. Nothing of the reminders is lost: their
-- truth is in followups, contacts, patient_boosters and reminders_sent; Quartz only held the sweep
-- triggers, which Hangfire declares again at start (schema hangfire, created by Hangfire.PostgreSql).
-- Upgrade every hub together: a hub of the previous version would re-create the qrtz_* tables.
DO $$
DECLARE
    quartz_table text;
BEGIN
    FOR quartz_table IN
        SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'qrtz\_%'
    LOOP
        EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', quartz_table);
    END LOOP;
END
$$;
