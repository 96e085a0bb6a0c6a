-- Assessment scales as data: one kinds table instead of a CHECK on observations.kind (SQLite cannot
-- alter a CHECK), one assessments table for every scale, one schedule row per (admission, kind).
-- Existing COWS assessments and schedules are carried over; the service adds the kinds of the scales
-- it knows at start-up.

CREATE TABLE observation_kinds (
    kind TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL
);
INSERT INTO observation_kinds (kind, name) VALUES ('vitals', 'Vital signs'), ('cows', 'COWS');

-- Rebuild observations with kind referencing the kinds table; same columns, same rows, same index.
CREATE TABLE observations_by_kind (
    id           TEXT NOT NULL PRIMARY KEY,
    admission_id TEXT NOT NULL REFERENCES admissions (id),
    kind         TEXT NOT NULL REFERENCES observation_kinds (kind),
    observed_at  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    recorded_by  TEXT NOT NULL REFERENCES users (id),
    note         TEXT NULL
);
INSERT INTO observations_by_kind (id, admission_id, kind, observed_at, recorded_at, recorded_by, note)
SELECT id, admission_id, kind, observed_at, recorded_at, recorded_by, note FROM observations;
DROP TABLE observations;
ALTER TABLE observations_by_kind RENAME TO observations;
CREATE INDEX ix_observations_admission ON observations (admission_id, kind, observed_at);
CREATE TRIGGER observations_append_only_update BEFORE UPDATE ON observations BEGIN SELECT RAISE(ABORT, 'observations are append-only'); END;
CREATE TRIGGER observations_append_only_delete BEFORE DELETE ON observations BEGIN SELECT RAISE(ABORT, 'observations are append-only'); END;

CREATE TABLE assessments (
    observation_id TEXT NOT NULL PRIMARY KEY REFERENCES observations (id),
    kind           TEXT NOT NULL REFERENCES observation_kinds (kind),
    total          INTEGER NOT NULL CHECK (total >= 0),
    band           TEXT NOT NULL,
    items          TEXT NOT NULL,
    measurements   TEXT NULL
);
INSERT INTO assessments (observation_id, kind, total, band, items, measurements)
SELECT observation_id, 'cows', total, severity, items,
       CASE WHEN resting_pulse_bpm IS NULL THEN NULL ELSE json_object('restingPulseBpm', resting_pulse_bpm) END
FROM cows_assessments;
DROP TABLE cows_assessments;
CREATE TRIGGER assessments_append_only_update BEFORE UPDATE ON assessments BEGIN SELECT RAISE(ABORT, 'assessments are append-only'); END;
CREATE TRIGGER assessments_append_only_delete BEFORE DELETE ON assessments BEGIN SELECT RAISE(ABORT, 'assessments are append-only'); END;

CREATE TABLE observation_schedules (
    admission_id TEXT NOT NULL REFERENCES admissions (id),
    kind         TEXT NOT NULL REFERENCES observation_kinds (kind),
    next_due     TEXT NOT NULL,
    basis        TEXT NOT NULL,
    PRIMARY KEY (admission_id, kind)
);
CREATE INDEX ix_observation_schedules_due ON observation_schedules (next_due);
INSERT INTO observation_schedules (admission_id, kind, next_due, basis)
SELECT admission_id, 'vitals', next_vitals_due, COALESCE(vitals_basis, '') FROM observation_schedule WHERE next_vitals_due IS NOT NULL;
INSERT INTO observation_schedules (admission_id, kind, next_due, basis)
SELECT admission_id, 'cows', next_cows_due, COALESCE(cows_basis, '') FROM observation_schedule WHERE next_cows_due IS NOT NULL;
DROP TABLE observation_schedule;
