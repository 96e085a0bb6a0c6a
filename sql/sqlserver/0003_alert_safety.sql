-- Alert severity and evidence, overdue due times, oxygen device and flow, SpO2 scale changes (SQL Server).

ALTER TABLE dbo.alerts ADD
    severity              NVARCHAR(2000) NULL,
    acknowledged_severity NVARCHAR(2000) NULL,
    evidence_observed_at  DATETIMEOFFSET(7) NULL,
    overdue_due           NVARCHAR(400) NULL;

ALTER TABLE dbo.vital_signs ADD
    oxygen_device   NVARCHAR(20) NULL,
    oxygen_flow_lpm DECIMAL(4, 1) NULL;

CREATE TABLE dbo.spo2_scale_changes (
    id           UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_spo2_scale_changes PRIMARY KEY,
    admission_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_spo2_scale_changes_admission REFERENCES dbo.admissions (id),
    from_scale   INT NOT NULL CONSTRAINT ck_spo2_scale_changes_from CHECK (from_scale IN (1, 2)),
    to_scale     INT NOT NULL CONSTRAINT ck_spo2_scale_changes_to CHECK (to_scale IN (1, 2)),
    reason       NVARCHAR(2000) NOT NULL,
    changed_by   UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_spo2_scale_changes_user REFERENCES dbo.users (id),
    changed_at   DATETIMEOFFSET(7) NOT NULL
);
CREATE INDEX ix_spo2_scale_changes_admission ON dbo.spo2_scale_changes (admission_id, changed_at);
GO

CREATE TRIGGER dbo.spo2_scale_changes_append_only ON dbo.spo2_scale_changes INSTEAD OF UPDATE, DELETE AS
BEGIN
    THROW 51000, N'SpO2 scale changes are append-only', 1;
END;
GO
