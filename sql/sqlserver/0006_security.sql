-- Security review: audit outcomes and the indexes GET /api/audit reads by, disabled and single-sign-on
-- accounts, and sign-in sessions with rotating refresh tokens (only a hash of each token is kept).
-- Mirrors sql/sqlite/0006_security.sql.
ALTER TABLE dbo.audit_log ADD outcome NVARCHAR(20) NOT NULL CONSTRAINT df_audit_log_outcome DEFAULT N'allowed'
    CONSTRAINT ck_audit_log_outcome CHECK (outcome IN (N'allowed', N'refused', N'failed-sign-in', N'locked-out'));
GO
CREATE INDEX ix_audit_log_occurred ON dbo.audit_log (occurred_at);
CREATE INDEX ix_audit_log_user ON dbo.audit_log (user_id, occurred_at);
GO

ALTER TABLE dbo.users ADD disabled_at DATETIMEOFFSET(7) NULL, external_subject NVARCHAR(200) NULL;
GO
CREATE UNIQUE INDEX ux_users_external_subject ON dbo.users (external_subject) WHERE external_subject IS NOT NULL;
GO

CREATE TABLE dbo.sessions (
    id            UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_sessions PRIMARY KEY,
    user_id       UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_sessions_user REFERENCES dbo.users (id),
    refresh_hash  NVARCHAR(100) NOT NULL,
    previous_hash NVARCHAR(100) NULL,
    created_at    DATETIMEOFFSET(7) NOT NULL,
    last_used_at  DATETIMEOFFSET(7) NOT NULL,
    expires_at    DATETIMEOFFSET(7) NOT NULL,
    ended_at      DATETIMEOFFSET(7) NULL,
    end_reason    NVARCHAR(40) NULL
);
CREATE INDEX ix_sessions_user ON dbo.sessions (user_id, ended_at);
GO
