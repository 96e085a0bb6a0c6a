-- FHIR R4 interface (SQL Server); see sql/sqlite/0014_fhir.sql. A Patient is an MRN, its id the id of the
-- first admission stored for it, fixed by a trigger.
CREATE TABLE dbo.patients (
    id  UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_patients PRIMARY KEY,
    mrn NVARCHAR(40) NOT NULL CONSTRAINT ux_patients_mrn UNIQUE
);
INSERT INTO dbo.patients (id, mrn)
SELECT (SELECT TOP (1) a.id FROM dbo.admissions a WHERE a.mrn = m.mrn ORDER BY a.admitted_at, a.id), m.mrn
FROM (SELECT DISTINCT mrn FROM dbo.admissions) m;
CREATE INDEX ix_admissions_mrn ON dbo.admissions (mrn, admitted_at);
CREATE INDEX ix_observations_observed ON dbo.observations (observed_at, id);
CREATE INDEX ix_doses_given ON dbo.doses (given_at, id);
CREATE INDEX ix_alerts_raised ON dbo.alerts (raised_at, id);

CREATE TABLE dbo.fhir_exports (
    id           UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_fhir_exports PRIMARY KEY,
    ward_code    NVARCHAR(20) NOT NULL CONSTRAINT fk_fhir_exports_ward REFERENCES dbo.wards (code),
    requested_by UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_fhir_exports_user REFERENCES dbo.users (id),
    requested_at DATETIMEOFFSET(7) NOT NULL,
    request_url  NVARCHAR(2000) NOT NULL,
    types        NVARCHAR(400) NOT NULL,
    since        DATETIMEOFFSET(7) NULL,
    status       NVARCHAR(20) NOT NULL CONSTRAINT ck_fhir_exports_status CHECK (status IN ('accepted', 'in-progress', 'completed', 'failed')),
    progress     NVARCHAR(200) NULL,
    outputs      NVARCHAR(MAX) NULL,
    error        NVARCHAR(2000) NULL,
    heartbeat_at DATETIMEOFFSET(7) NULL,
    completed_at DATETIMEOFFSET(7) NULL,
    expires_at   DATETIMEOFFSET(7) NOT NULL
);
CREATE INDEX ix_fhir_exports_status ON dbo.fhir_exports (status, requested_at);
CREATE INDEX ix_fhir_exports_expires ON dbo.fhir_exports (expires_at);
GO

-- UPDLOCK, HOLDLOCK: two first admissions of one MRN at once cannot both insert it.
CREATE TRIGGER dbo.admissions_patient ON dbo.admissions AFTER INSERT AS
BEGIN
    SET NOCOUNT ON;
    INSERT INTO dbo.patients (id, mrn)
    SELECT i.id, i.mrn FROM inserted i
    WHERE NOT EXISTS (SELECT 1 FROM dbo.patients p WITH (UPDLOCK, HOLDLOCK) WHERE p.mrn = i.mrn);
END;
GO
