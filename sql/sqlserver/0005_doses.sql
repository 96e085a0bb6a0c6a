-- Substances with their last use, medication doses given, their corrections, and which alerts each dose raised (SQL Server).
-- Mirrors sql/sqlite/0005_doses.sql; doses are append-only like observations.

CREATE TABLE dbo.admission_substances (
    admission_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_admission_substances_admission REFERENCES dbo.admissions (id),
    position     INT NOT NULL,
    substance    NVARCHAR(40) NOT NULL,
    last_use_at  DATETIMEOFFSET(7) NULL,
    CONSTRAINT pk_admission_substances PRIMARY KEY (admission_id, position)
);

CREATE TABLE dbo.doses (
    id           UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_doses PRIMARY KEY,
    admission_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_doses_admission REFERENCES dbo.admissions (id),
    drug         NVARCHAR(40) NOT NULL,
    drug_class   NVARCHAR(40) NOT NULL,
    dose         DECIMAL(12, 4) NOT NULL,
    unit         NVARCHAR(4) NOT NULL CONSTRAINT ck_doses_unit CHECK (unit IN (N'mg', N'mcg')),
    dose_mg      DECIMAL(12, 4) NOT NULL,
    route        NVARCHAR(10) NOT NULL,
    given_at     DATETIMEOFFSET(7) NOT NULL,
    recorded_at  DATETIMEOFFSET(7) NOT NULL,
    recorded_by  UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_doses_recorded_by REFERENCES dbo.users (id),
    reason       NVARCHAR(2000) NULL,
    note         NVARCHAR(2000) NULL
);
CREATE INDEX ix_doses_admission ON dbo.doses (admission_id, given_at);

CREATE TABLE dbo.dose_corrections (
    id           UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_dose_corrections PRIMARY KEY,
    dose_id      UNIQUEIDENTIFIER NOT NULL CONSTRAINT ux_dose_corrections_dose UNIQUE
                 CONSTRAINT fk_dose_corrections_dose REFERENCES dbo.doses (id),
    reason       NVARCHAR(2000) NOT NULL,
    corrected_by UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_dose_corrections_user REFERENCES dbo.users (id),
    corrected_at DATETIMEOFFSET(7) NOT NULL
);

CREATE TABLE dbo.dose_alerts (
    dose_id  UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_dose_alerts_dose REFERENCES dbo.doses (id),
    alert_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_dose_alerts_alert REFERENCES dbo.alerts (id),
    CONSTRAINT pk_dose_alerts PRIMARY KEY (dose_id, alert_id)
);
CREATE INDEX ix_dose_alerts_alert ON dbo.dose_alerts (alert_id);
GO

CREATE TRIGGER dbo.admission_substances_append_only ON dbo.admission_substances INSTEAD OF UPDATE, DELETE AS
BEGIN
    THROW 51000, N'substances are append-only', 1;
END;
GO

CREATE TRIGGER dbo.doses_append_only ON dbo.doses INSTEAD OF UPDATE, DELETE AS
BEGIN
    THROW 51000, N'doses are append-only', 1;
END;
GO

CREATE TRIGGER dbo.dose_corrections_append_only ON dbo.dose_corrections INSTEAD OF UPDATE, DELETE AS
BEGIN
    THROW 51000, N'corrections are append-only', 1;
END;
GO
