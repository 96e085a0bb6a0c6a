-- Accounts, wards, admissions, charted observations, idempotency and audit (SQL Server).
-- Mirrors sql/sqlite/0001_initial.sql; clinical rows are append-only (triggers refuse UPDATE and DELETE).

CREATE TABLE dbo.users (
    id            UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_users PRIMARY KEY,
    username      NVARCHAR(100) NOT NULL CONSTRAINT ux_users_username UNIQUE,
    password_hash NVARCHAR(400) NOT NULL,
    role          NVARCHAR(20) NOT NULL CONSTRAINT ck_users_role CHECK (role IN (N'nurse', N'physician', N'manager', N'admin')),
    created_at    DATETIMEOFFSET(7) NOT NULL
);

CREATE TABLE dbo.wards (
    code       NVARCHAR(20) NOT NULL CONSTRAINT pk_wards PRIMARY KEY,
    name       NVARCHAR(200) NOT NULL,
    created_at DATETIMEOFFSET(7) NOT NULL
);

CREATE TABLE dbo.beds (
    code      NVARCHAR(40) NOT NULL CONSTRAINT pk_beds PRIMARY KEY,
    ward_code NVARCHAR(20) NOT NULL CONSTRAINT fk_beds_ward REFERENCES dbo.wards (code),
    position  INT NOT NULL
);
CREATE INDEX ix_beds_ward ON dbo.beds (ward_code, position);

CREATE TABLE dbo.user_wards (
    user_id   UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_user_wards_user REFERENCES dbo.users (id),
    ward_code NVARCHAR(20) NOT NULL CONSTRAINT fk_user_wards_ward REFERENCES dbo.wards (code),
    CONSTRAINT pk_user_wards PRIMARY KEY (user_id, ward_code)
);

CREATE TABLE dbo.admissions (
    id             UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_admissions PRIMARY KEY,
    mrn            NVARCHAR(40) NOT NULL,
    display_name   NVARCHAR(200) NOT NULL,
    date_of_birth  DATE NOT NULL,
    ward_code      NVARCHAR(20) NOT NULL CONSTRAINT fk_admissions_ward REFERENCES dbo.wards (code),
    bed_code       NVARCHAR(40) NOT NULL CONSTRAINT fk_admissions_bed REFERENCES dbo.beds (code),
    substances     NVARCHAR(400) NOT NULL,
    spo2_scale     INT NOT NULL CONSTRAINT ck_admissions_spo2_scale CHECK (spo2_scale IN (1, 2)),
    pregnant       BIT NOT NULL,
    admitted_at    DATETIMEOFFSET(7) NOT NULL,
    admitted_by    UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_admissions_admitted_by REFERENCES dbo.users (id),
    discharged_at  DATETIMEOFFSET(7) NULL,
    discharged_by  UNIQUEIDENTIFIER NULL CONSTRAINT fk_admissions_discharged_by REFERENCES dbo.users (id),
    discharge_note NVARCHAR(2000) NULL
);
CREATE UNIQUE INDEX ux_admissions_open_bed ON dbo.admissions (bed_code) WHERE discharged_at IS NULL;
CREATE UNIQUE INDEX ux_admissions_open_mrn ON dbo.admissions (mrn) WHERE discharged_at IS NULL;
CREATE INDEX ix_admissions_ward ON dbo.admissions (ward_code, discharged_at);

CREATE TABLE dbo.bed_moves (
    id           UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_bed_moves PRIMARY KEY,
    admission_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_bed_moves_admission REFERENCES dbo.admissions (id),
    from_bed     NVARCHAR(40) NOT NULL,
    to_bed       NVARCHAR(40) NOT NULL,
    moved_at     DATETIMEOFFSET(7) NOT NULL,
    moved_by     UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_bed_moves_user REFERENCES dbo.users (id)
);

CREATE TABLE dbo.observations (
    id           UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_observations PRIMARY KEY,
    admission_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_observations_admission REFERENCES dbo.admissions (id),
    kind         NVARCHAR(10) NOT NULL CONSTRAINT ck_observations_kind CHECK (kind IN (N'vitals', N'cows')),
    observed_at  DATETIMEOFFSET(7) NOT NULL,
    recorded_at  DATETIMEOFFSET(7) NOT NULL,
    recorded_by  UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_observations_user REFERENCES dbo.users (id),
    note         NVARCHAR(2000) NULL
);
CREATE INDEX ix_observations_admission ON dbo.observations (admission_id, kind, observed_at);

CREATE TABLE dbo.vital_signs (
    observation_id   UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_vital_signs PRIMARY KEY
                     CONSTRAINT fk_vital_signs_observation REFERENCES dbo.observations (id),
    respiratory_rate INT NULL,
    spo2             INT NULL,
    on_oxygen        BIT NULL,
    systolic_bp      INT NULL,
    diastolic_bp     INT NULL,
    heart_rate       INT NULL,
    temperature_c    DECIMAL(5, 2) NULL,
    consciousness    NVARCHAR(1) NULL,
    sedation         NVARCHAR(1) NULL,
    spo2_scale       INT NOT NULL,
    news2_total      INT NULL,
    news2_band       NVARCHAR(20) NULL,
    news2_parameters NVARCHAR(1000) NOT NULL,
    news2_note       NVARCHAR(400) NULL
);

CREATE TABLE dbo.cows_assessments (
    observation_id    UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_cows_assessments PRIMARY KEY
                      CONSTRAINT fk_cows_observation REFERENCES dbo.observations (id),
    total             INT NOT NULL CONSTRAINT ck_cows_total CHECK (total BETWEEN 0 AND 48),
    severity          NVARCHAR(20) NOT NULL,
    items             NVARCHAR(1000) NOT NULL,
    resting_pulse_bpm INT NULL
);

CREATE TABLE dbo.observation_corrections (
    id             UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_observation_corrections PRIMARY KEY,
    observation_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT ux_observation_corrections_observation UNIQUE
                   CONSTRAINT fk_corrections_observation REFERENCES dbo.observations (id),
    reason         NVARCHAR(2000) NOT NULL,
    corrected_by   UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_corrections_user REFERENCES dbo.users (id),
    corrected_at   DATETIMEOFFSET(7) NOT NULL
);

CREATE TABLE dbo.idempotency_keys (
    user_id         UNIQUEIDENTIFIER NOT NULL,
    idempotency_key NVARCHAR(200) NOT NULL,
    request_hash    NVARCHAR(100) NOT NULL,
    response        NVARCHAR(MAX) NOT NULL,
    created_at      DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT pk_idempotency_keys PRIMARY KEY (user_id, idempotency_key)
);

CREATE TABLE dbo.audit_log (
    id             BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_audit_log PRIMARY KEY,
    occurred_at    DATETIMEOFFSET(7) NOT NULL,
    user_id        UNIQUEIDENTIFIER NULL,
    username       NVARCHAR(100) NULL,
    role           NVARCHAR(20) NULL,
    action         NVARCHAR(100) NOT NULL,
    admission_id   UNIQUEIDENTIFIER NULL,
    resource       NVARCHAR(400) NULL,
    client_address NVARCHAR(100) NULL
);
CREATE INDEX ix_audit_log_admission ON dbo.audit_log (admission_id, occurred_at);
GO

CREATE TRIGGER dbo.observations_append_only ON dbo.observations INSTEAD OF UPDATE, DELETE AS
BEGIN
    THROW 51000, N'observations are append-only', 1;
END;
GO

CREATE TRIGGER dbo.vital_signs_append_only ON dbo.vital_signs INSTEAD OF UPDATE, DELETE AS
BEGIN
    THROW 51000, N'vital signs are append-only', 1;
END;
GO

CREATE TRIGGER dbo.cows_append_only ON dbo.cows_assessments INSTEAD OF UPDATE, DELETE AS
BEGIN
    THROW 51000, N'COWS assessments are append-only', 1;
END;
GO

CREATE TRIGGER dbo.corrections_append_only ON dbo.observation_corrections INSTEAD OF UPDATE, DELETE AS
BEGIN
    THROW 51000, N'corrections are append-only', 1;
END;
GO

CREATE TRIGGER dbo.audit_log_append_only ON dbo.audit_log INSTEAD OF UPDATE, DELETE AS
BEGIN
    THROW 51000, N'the audit trail is append-only', 1;
END;
GO
