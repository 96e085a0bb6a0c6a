-- Escalation responses and the outcome of a resolved alert: see sql/sqlite/0017_alert_responses.sql.

CREATE TABLE dbo.alert_responses (
    id          UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_alert_responses PRIMARY KEY,
    alert_id    UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_alert_responses_alert REFERENCES dbo.alerts (id),
    action      NVARCHAR(40) NOT NULL CONSTRAINT ck_alert_responses_action CHECK (action IN (N'called-physician', N'called-rapid-response',
                N'reviewed-at-bedside', N'naloxone-given', N'transferred-higher-care', N'observations-increased', N'other')),
    at          DATETIMEOFFSET(7) NOT NULL,
    note        NVARCHAR(2000) NULL,
    recorded_at DATETIMEOFFSET(7) NOT NULL,
    recorded_by UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_alert_responses_user REFERENCES dbo.users (id)
);
CREATE INDEX ix_alert_responses_alert ON dbo.alert_responses (alert_id, at);

CREATE INDEX ix_alerts_ward_raised ON dbo.alerts (ward_code, raised_at);

ALTER TABLE dbo.alerts ADD
    outcome NVARCHAR(20) NULL CONSTRAINT ck_alerts_outcome CHECK (outcome IN (N'treated', N'no-action-needed', N'artefact', N'transferred'));
GO

CREATE TRIGGER dbo.alert_responses_append_only ON dbo.alert_responses INSTEAD OF UPDATE, DELETE AS
BEGIN
    THROW 51000, N'alert responses are append-only', 1;
END;
GO
