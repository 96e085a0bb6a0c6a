-- Security review: audit outcomes and the indexes GET /api/audit reads by, disabled and single-sign-on
-- accounts, and sign-in sessions with rotating refresh tokens (only a hash of each token is kept).
ALTER TABLE audit_log ADD COLUMN outcome TEXT NOT NULL DEFAULT 'allowed'
    CHECK (outcome IN ('allowed', 'refused', 'failed-sign-in', 'locked-out'));
CREATE INDEX ix_audit_log_occurred ON audit_log (occurred_at);
CREATE INDEX ix_audit_log_user ON audit_log (user_id, occurred_at);

ALTER TABLE users ADD COLUMN disabled_at TEXT NULL;
ALTER TABLE users ADD COLUMN external_subject TEXT NULL;
CREATE UNIQUE INDEX ux_users_external_subject ON users (external_subject) WHERE external_subject IS NOT NULL;

CREATE TABLE sessions (
    id            TEXT NOT NULL PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users (id),
    refresh_hash  TEXT NOT NULL,
    previous_hash TEXT NULL,
    created_at    TEXT NOT NULL,
    last_used_at  TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    ended_at      TEXT NULL,
    end_reason    TEXT NULL
);
CREATE INDEX ix_sessions_user ON sessions (user_id, ended_at);
