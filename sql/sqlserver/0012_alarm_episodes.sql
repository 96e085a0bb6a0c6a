-- Alarm episodes: cleared alerts, the device's reported observation time, observations not done (SQL Server).

ALTER TABLE dbo.alerts ADD
    cleared_at DATETIMEOFFSET(7) NULL;

ALTER TABLE dbo.observations ADD
    reported_observed_at DATETIMEOFFSET(7) NULL;

CREATE TABLE dbo.observations_not_done (
    id           UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_observations_not_done PRIMARY KEY,
    admission_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_observations_not_done_admission REFERENCES dbo.admissions (id),
    kind         NVARCHAR(40) NOT NULL,
    reason       NVARCHAR(20) NOT NULL CONSTRAINT ck_observations_not_done_reason CHECK (reason IN (N'asleep', N'declined', N'unavailable', N'other')),
    note         NVARCHAR(2000) NULL,
    at           DATETIMEOFFSET(7) NOT NULL,
    recorded_at  DATETIMEOFFSET(7) NOT NULL,
    recorded_by  UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_observations_not_done_user REFERENCES dbo.users (id)
);
CREATE INDEX ix_observations_not_done_admission ON dbo.observations_not_done (admission_id, kind, at);
GO

CREATE TRIGGER dbo.observations_not_done_append_only ON dbo.observations_not_done INSTEAD OF UPDATE, DELETE AS
BEGIN
    THROW 51000, N'observations not done are append-only', 1;
END;
GO

CREATE TABLE dbo.admission_substance_revisions (
    admission_id   UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_admission_substance_revisions_admission REFERENCES dbo.admissions (id),
    revision       INT NOT NULL,
    first_position INT NOT NULL,
    amended_at     DATETIMEOFFSET(7) NOT NULL,
    amended_by     UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_admission_substance_revisions_user REFERENCES dbo.users (id),
    CONSTRAINT pk_admission_substance_revisions PRIMARY KEY (admission_id, revision)
);
GO

CREATE TRIGGER dbo.admission_substance_revisions_append_only ON dbo.admission_substance_revisions INSTEAD OF UPDATE, DELETE AS
BEGIN
    THROW 51000, N'substance revisions are append-only', 1;
END;
GO
