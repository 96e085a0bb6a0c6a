-- Accounts, wards, admissions, charted observations, idempotency and audit.
-- Times are UTC ISO 8601 text (fixed width, so they sort); ids are GUID text.
-- Clinical rows are append-only: triggers refuse UPDATE and DELETE.

CREATE TABLE users (
    id            TEXT NOT NULL PRIMARY KEY,
    username      TEXT NOT NULL COLLATE NOCASE UNIQUE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('nurse', 'physician', 'manager', 'admin')),
    created_at    TEXT NOT NULL
);

CREATE TABLE wards (
    code       TEXT NOT NULL PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE beds (
    code      TEXT NOT NULL PRIMARY KEY,
    ward_code TEXT NOT NULL REFERENCES wards (code),
    position  INTEGER NOT NULL
);
CREATE INDEX ix_beds_ward ON beds (ward_code, position);

CREATE TABLE user_wards (
    user_id   TEXT NOT NULL REFERENCES users (id),
    ward_code TEXT NOT NULL REFERENCES wards (code),
    PRIMARY KEY (user_id, ward_code)
);

CREATE TABLE admissions (
    id             TEXT NOT NULL PRIMARY KEY,
    mrn            TEXT NOT NULL,
    display_name   TEXT NOT NULL,
    date_of_birth  TEXT NOT NULL,
    ward_code      TEXT NOT NULL REFERENCES wards (code),
    bed_code       TEXT NOT NULL REFERENCES beds (code),
    substances     TEXT NOT NULL,
    spo2_scale     INTEGER NOT NULL CHECK (spo2_scale IN (1, 2)),
    pregnant       INTEGER NOT NULL CHECK (pregnant IN (0, 1)),
    admitted_at    TEXT NOT NULL,
    admitted_by    TEXT NOT NULL REFERENCES users (id),
    discharged_at  TEXT NULL,
    discharged_by  TEXT NULL REFERENCES users (id),
    discharge_note TEXT NULL
);
-- One patient per bed and one open admission per MRN, enforced by the database itself.
CREATE UNIQUE INDEX ux_admissions_open_bed ON admissions (bed_code) WHERE discharged_at IS NULL;
CREATE UNIQUE INDEX ux_admissions_open_mrn ON admissions (mrn) WHERE discharged_at IS NULL;
CREATE INDEX ix_admissions_ward ON admissions (ward_code, discharged_at);

CREATE TABLE bed_moves (
    id           TEXT NOT NULL PRIMARY KEY,
    admission_id TEXT NOT NULL REFERENCES admissions (id),
    from_bed     TEXT NOT NULL,
    to_bed       TEXT NOT NULL,
    moved_at     TEXT NOT NULL,
    moved_by     TEXT NOT NULL REFERENCES users (id)
);

CREATE TABLE observations (
    id           TEXT NOT NULL PRIMARY KEY,
    admission_id TEXT NOT NULL REFERENCES admissions (id),
    kind         TEXT NOT NULL CHECK (kind IN ('vitals', 'cows')),
    observed_at  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    recorded_by  TEXT NOT NULL REFERENCES users (id),
    note         TEXT NULL
);
CREATE INDEX ix_observations_admission ON observations (admission_id, kind, observed_at);

CREATE TABLE vital_signs (
    observation_id   TEXT NOT NULL PRIMARY KEY REFERENCES observations (id),
    respiratory_rate INTEGER NULL,
    spo2             INTEGER NULL,
    on_oxygen        INTEGER NULL,
    systolic_bp      INTEGER NULL,
    diastolic_bp     INTEGER NULL,
    heart_rate       INTEGER NULL,
    temperature_c    TEXT NULL,
    consciousness    TEXT NULL,
    sedation         TEXT NULL,
    spo2_scale       INTEGER NOT NULL,
    news2_total      INTEGER NULL,
    news2_band       TEXT NULL,
    news2_parameters TEXT NOT NULL,
    news2_note       TEXT NULL
);

CREATE TABLE cows_assessments (
    observation_id    TEXT NOT NULL PRIMARY KEY REFERENCES observations (id),
    total             INTEGER NOT NULL CHECK (total BETWEEN 0 AND 48),
    severity          TEXT NOT NULL,
    items             TEXT NOT NULL,
    resting_pulse_bpm INTEGER NULL
);

-- A correction never edits the observation: it is a row of its own that marks it entered-in-error.
CREATE TABLE observation_corrections (
    id             TEXT NOT NULL PRIMARY KEY,
    observation_id TEXT NOT NULL UNIQUE REFERENCES observations (id),
    reason         TEXT NOT NULL,
    corrected_by   TEXT NOT NULL REFERENCES users (id),
    corrected_at   TEXT NOT NULL
);

CREATE TABLE idempotency_keys (
    user_id         TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_hash    TEXT NOT NULL,
    response        TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);

CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at    TEXT NOT NULL,
    user_id        TEXT NULL,
    username       TEXT NULL,
    role           TEXT NULL,
    action         TEXT NOT NULL,
    admission_id   TEXT NULL,
    resource       TEXT NULL,
    client_address TEXT NULL
);
CREATE INDEX ix_audit_log_admission ON audit_log (admission_id, occurred_at);

CREATE TRIGGER observations_append_only_update BEFORE UPDATE ON observations BEGIN SELECT RAISE(ABORT, 'observations are append-only'); END;
CREATE TRIGGER observations_append_only_delete BEFORE DELETE ON observations BEGIN SELECT RAISE(ABORT, 'observations are append-only'); END;
CREATE TRIGGER vital_signs_append_only_update BEFORE UPDATE ON vital_signs BEGIN SELECT RAISE(ABORT, 'vital signs are append-only'); END;
CREATE TRIGGER vital_signs_append_only_delete BEFORE DELETE ON vital_signs BEGIN SELECT RAISE(ABORT, 'vital signs are append-only'); END;
CREATE TRIGGER cows_append_only_update BEFORE UPDATE ON cows_assessments BEGIN SELECT RAISE(ABORT, 'COWS assessments are append-only'); END;
CREATE TRIGGER cows_append_only_delete BEFORE DELETE ON cows_assessments BEGIN SELECT RAISE(ABORT, 'COWS assessments are append-only'); END;
CREATE TRIGGER corrections_append_only_update BEFORE UPDATE ON observation_corrections BEGIN SELECT RAISE(ABORT, 'corrections are append-only'); END;
CREATE TRIGGER corrections_append_only_delete BEFORE DELETE ON observation_corrections BEGIN SELECT RAISE(ABORT, 'corrections are append-only'); END;
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
