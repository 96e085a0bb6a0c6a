-- Alerts and their history, per-ward settings and observation schedule, and the outbox (SQL Server).

CREATE TABLE dbo.ward_settings (
    ward_code  NVARCHAR(20) NOT NULL CONSTRAINT pk_ward_settings PRIMARY KEY
               CONSTRAINT fk_ward_settings_ward REFERENCES dbo.wards (code),
    settings   NVARCHAR(MAX) NOT NULL,
    updated_at DATETIMEOFFSET(7) NOT NULL,
    updated_by UNIQUEIDENTIFIER NULL CONSTRAINT fk_ward_settings_user REFERENCES dbo.users (id)
);

CREATE TABLE dbo.alerts (
    id               UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_alerts PRIMARY KEY,
    admission_id     UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_alerts_admission REFERENCES dbo.admissions (id),
    ward_code        NVARCHAR(20) NOT NULL CONSTRAINT fk_alerts_ward REFERENCES dbo.wards (code),
    bed_code         NVARCHAR(40) NOT NULL,
    code             NVARCHAR(40) NOT NULL,
    priority         NVARCHAR(10) NOT NULL CONSTRAINT ck_alerts_priority CHECK (priority IN (N'high', N'medium', N'low')),
    status           NVARCHAR(20) NOT NULL CONSTRAINT ck_alerts_status CHECK (status IN (N'active', N'acknowledged', N'resolved')),
    raised_at        DATETIMEOFFSET(7) NOT NULL,
    last_seen_at     DATETIMEOFFSET(7) NOT NULL,
    activated_at     DATETIMEOFFSET(7) NOT NULL,
    reason           NVARCHAR(1000) NOT NULL,
    observation_id   UNIQUEIDENTIFIER NULL CONSTRAINT fk_alerts_observation REFERENCES dbo.observations (id),
    escalated_at     DATETIMEOFFSET(7) NULL,
    acknowledged_at  DATETIMEOFFSET(7) NULL,
    acknowledged_by  UNIQUEIDENTIFIER NULL CONSTRAINT fk_alerts_acknowledged_by REFERENCES dbo.users (id),
    acknowledge_note NVARCHAR(2000) NULL,
    resolved_at      DATETIMEOFFSET(7) NULL,
    resolved_by      UNIQUEIDENTIFIER NULL CONSTRAINT fk_alerts_resolved_by REFERENCES dbo.users (id),
    resolve_note     NVARCHAR(2000) NULL
);
CREATE UNIQUE INDEX ux_alerts_open ON dbo.alerts (admission_id, code) WHERE status <> N'resolved';
CREATE INDEX ix_alerts_ward_status ON dbo.alerts (ward_code, status, raised_at);

CREATE TABLE dbo.alert_events (
    id             UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_alert_events PRIMARY KEY,
    alert_id       UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_alert_events_alert REFERENCES dbo.alerts (id),
    event          NVARCHAR(30) NOT NULL,
    occurred_at    DATETIMEOFFSET(7) NOT NULL,
    user_id        UNIQUEIDENTIFIER NULL CONSTRAINT fk_alert_events_user REFERENCES dbo.users (id),
    observation_id UNIQUEIDENTIFIER NULL CONSTRAINT fk_alert_events_observation REFERENCES dbo.observations (id),
    priority       NVARCHAR(10) NOT NULL,
    reason         NVARCHAR(1000) NULL,
    note           NVARCHAR(2000) NULL
);
CREATE INDEX ix_alert_events_alert ON dbo.alert_events (alert_id, occurred_at);
CREATE INDEX ix_alert_events_observation ON dbo.alert_events (observation_id);

CREATE TABLE dbo.observation_schedule (
    admission_id    UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_observation_schedule PRIMARY KEY
                    CONSTRAINT fk_observation_schedule_admission REFERENCES dbo.admissions (id),
    next_vitals_due DATETIMEOFFSET(7) NULL,
    next_cows_due   DATETIMEOFFSET(7) NULL,
    vitals_basis    NVARCHAR(400) NULL,
    cows_basis      NVARCHAR(400) NULL
);

CREATE TABLE dbo.ward_sequences (
    ward_code     NVARCHAR(20) NOT NULL CONSTRAINT pk_ward_sequences PRIMARY KEY
                  CONSTRAINT fk_ward_sequences_ward REFERENCES dbo.wards (code),
    last_sequence BIGINT NOT NULL
);
INSERT INTO dbo.ward_sequences (ward_code, last_sequence) SELECT code, 0 FROM dbo.wards;

CREATE TABLE dbo.outbox (
    id         UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_outbox PRIMARY KEY,
    ward_code  NVARCHAR(20) NOT NULL,
    sequence   BIGINT NOT NULL,
    type       NVARCHAR(40) NOT NULL,
    payload    NVARCHAR(MAX) NOT NULL,
    created_at DATETIMEOFFSET(7) NOT NULL,
    sent_at    DATETIMEOFFSET(7) NULL,
    CONSTRAINT ux_outbox_ward_sequence UNIQUE (ward_code, sequence)
);
CREATE INDEX ix_outbox_unsent ON dbo.outbox (ward_code, sequence) WHERE sent_at IS NULL;
GO

CREATE TRIGGER dbo.alert_events_append_only ON dbo.alert_events INSTEAD OF UPDATE, DELETE AS
BEGIN
    THROW 51000, N'alert history is append-only', 1;
END;
GO
