-- Accounts a clinic can run (issue 20): throttled sign-ins instead of the 5-strikes lock-out,
-- disabled accounts, passwords that must be changed, sessions that can be revoked, and the
-- source address of every audited act. See docs/operations.md ("Accounts").

-- The old lock-out (failed_logins / locked_until) let anyone lock any account; it is replaced
-- by login_throttle (delays) and locked_at (a hard lock only an administrator clears).
ALTER TABLE users
    DROP COLUMN failed_logins,
    DROP COLUMN locked_until,
    ADD COLUMN locked_at               timestamptz,
    ADD COLUMN disabled_at             timestamptz,
    ADD COLUMN must_change_password    boolean     NOT NULL DEFAULT false,
    ADD COLUMN password_changed_at     timestamptz,
    -- PasswordHasher hash of the Admin:Password value last applied to this account, so a
    -- restart with the same configured value leaves a password changed through the API alone.
    ADD COLUMN bootstrap_password_hash text;

-- Where an audited act came from (the client's address, through a trusted proxy when configured).
ALTER TABLE audit_log ADD COLUMN source text;

-- One row per issued token: the token's jti is the session id.
CREATE TABLE user_sessions (
    id              uuid        PRIMARY KEY,
    user_id         uuid        NOT NULL REFERENCES users (id),
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    source          text,
    user_agent      text,
    -- A token that may only change its password (must_change_password at sign-in).
    password_change_only boolean NOT NULL DEFAULT false,
    revoked_at      timestamptz,
    -- The database's clock at revocation: what every hub's poll compares against (hub clocks may differ).
    revoked_db_at   timestamptz,
    revoked_reason  text        CHECK (revoked_reason IN ('signed_out', 'signed_out_everywhere', 'disabled', 'password_reset',
                                                          'password_changed', 'password_set_by_configuration')),
    CONSTRAINT user_sessions_revocation CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
);
CREATE INDEX user_sessions_user_idx ON user_sessions (user_id) WHERE revoked_at IS NULL;
-- Every hub polls recent revocations (Auth/Sessions/SessionRevocationPoller).
CREATE INDEX user_sessions_revoked_idx ON user_sessions (revoked_db_at) WHERE revoked_db_at IS NOT NULL;

-- Failed sign-ins per throttle key: 'pair:{username}|{source}', 'source:{source}', 'account:{username}'.
-- The delay is computed from (failures, last_failure_at); a key forgotten after Auth:Throttle:ForgetAfter.
CREATE TABLE login_throttle (
    key             text        PRIMARY KEY,
    failures        integer     NOT NULL CHECK (failures >= 0),
    last_failure_at timestamptz NOT NULL
);
CREATE INDEX login_throttle_last_failure_idx ON login_throttle (last_failure_at);

-- Addresses an account signed in from: account-wide delays and the hard lock do not apply to them.
CREATE TABLE login_sources (
    user_id         uuid        NOT NULL REFERENCES users (id),
    source          text        NOT NULL,
    last_success_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, source)
);
