-- Alarm episodes: when an active alert's condition was cleared by valid data (it stops sounding and stays until
-- acknowledged); the time a device sent for an observation stored at the server's time; observations not done
-- (asleep, declined, unavailable), which keep the patient due.

ALTER TABLE alerts ADD COLUMN cleared_at TEXT NULL;

ALTER TABLE observations ADD COLUMN reported_observed_at TEXT NULL;

CREATE TABLE observations_not_done (
    id           TEXT NOT NULL PRIMARY KEY,
    admission_id TEXT NOT NULL REFERENCES admissions (id),
    kind         TEXT NOT NULL,
    reason       TEXT NOT NULL CHECK (reason IN ('asleep', 'declined', 'unavailable', 'other')),
    note         TEXT NULL,
    at           TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    recorded_by  TEXT NOT NULL REFERENCES users (id)
);
CREATE INDEX ix_observations_not_done_admission ON observations_not_done (admission_id, kind, at);

CREATE TRIGGER observations_not_done_append_only_update BEFORE UPDATE ON observations_not_done BEGIN SELECT RAISE(ABORT, 'observations not done are append-only'); END;
CREATE TRIGGER observations_not_done_append_only_delete BEFORE DELETE ON observations_not_done BEGIN SELECT RAISE(ABORT, 'observations not done are append-only'); END;

-- Substances amended after admission: rows stay append-only; each amendment appends the new list after the old one
-- and names the first position of the list now in force.
CREATE TABLE admission_substance_revisions (
    admission_id   TEXT NOT NULL REFERENCES admissions (id),
    revision       INTEGER NOT NULL,
    first_position INTEGER NOT NULL,
    amended_at     TEXT NOT NULL,
    amended_by     TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (admission_id, revision)
);

CREATE TRIGGER admission_substance_revisions_append_only_update BEFORE UPDATE ON admission_substance_revisions BEGIN SELECT RAISE(ABORT, 'substance revisions are append-only'); END;
CREATE TRIGGER admission_substance_revisions_append_only_delete BEFORE DELETE ON admission_substance_revisions BEGIN SELECT RAISE(ABORT, 'substance revisions are append-only'); END;
