-- Assessment scales as data (SQL Server): mirrors sql/sqlite/0004_assessments.sql. A kinds table
-- replaces the CHECK on observations.kind, one assessments table serves every scale, and the
-- schedule has one row per (admission, kind). COWS data and schedules are carried over.

CREATE TABLE dbo.observation_kinds (
    kind NVARCHAR(40) NOT NULL CONSTRAINT pk_observation_kinds PRIMARY KEY,
    name NVARCHAR(100) NOT NULL
);
INSERT INTO dbo.observation_kinds (kind, name) VALUES (N'vitals', N'Vital signs'), (N'cows', N'COWS');

ALTER TABLE dbo.observations DROP CONSTRAINT ck_observations_kind;
DROP INDEX ix_observations_admission ON dbo.observations;
ALTER TABLE dbo.observations ALTER COLUMN kind NVARCHAR(40) NOT NULL;
CREATE INDEX ix_observations_admission ON dbo.observations (admission_id, kind, observed_at);
ALTER TABLE dbo.observations ADD CONSTRAINT fk_observations_kind FOREIGN KEY (kind) REFERENCES dbo.observation_kinds (kind);

CREATE TABLE dbo.assessments (
    observation_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_assessments PRIMARY KEY
                   CONSTRAINT fk_assessments_observation REFERENCES dbo.observations (id),
    kind           NVARCHAR(40) NOT NULL CONSTRAINT fk_assessments_kind REFERENCES dbo.observation_kinds (kind),
    total          INT NOT NULL CONSTRAINT ck_assessments_total CHECK (total >= 0),
    band           NVARCHAR(40) NOT NULL,
    items          NVARCHAR(2000) NOT NULL,
    measurements   NVARCHAR(2000) NULL
);
INSERT INTO dbo.assessments (observation_id, kind, total, band, items, measurements)
SELECT observation_id, N'cows', total, severity, items,
       CASE WHEN resting_pulse_bpm IS NULL THEN NULL ELSE CONCAT(N'{"restingPulseBpm":', resting_pulse_bpm, N'}') END
FROM dbo.cows_assessments;
DROP TABLE dbo.cows_assessments;

CREATE TABLE dbo.observation_schedules (
    admission_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_observation_schedules_admission REFERENCES dbo.admissions (id),
    kind         NVARCHAR(40) NOT NULL CONSTRAINT fk_observation_schedules_kind REFERENCES dbo.observation_kinds (kind),
    next_due     DATETIMEOFFSET(7) NOT NULL,
    basis        NVARCHAR(400) NOT NULL,
    CONSTRAINT pk_observation_schedules PRIMARY KEY (admission_id, kind)
);
CREATE INDEX ix_observation_schedules_due ON dbo.observation_schedules (next_due);
INSERT INTO dbo.observation_schedules (admission_id, kind, next_due, basis)
SELECT admission_id, N'vitals', next_vitals_due, COALESCE(vitals_basis, N'') FROM dbo.observation_schedule WHERE next_vitals_due IS NOT NULL;
INSERT INTO dbo.observation_schedules (admission_id, kind, next_due, basis)
SELECT admission_id, N'cows', next_cows_due, COALESCE(cows_basis, N'') FROM dbo.observation_schedule WHERE next_cows_due IS NOT NULL;
DROP TABLE dbo.observation_schedule;
GO

CREATE TRIGGER dbo.assessments_append_only ON dbo.assessments INSTEAD OF UPDATE, DELETE AS
BEGIN
    THROW 51000, N'assessments are append-only', 1;
END;
GO
