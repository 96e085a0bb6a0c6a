-- Substances with their last use, medication doses given, their corrections, and which alerts each dose raised.
-- Doses are charted entries like observations: append-only, corrected by a row that marks them entered-in-error.

CREATE TABLE admission_substances (
    admission_id TEXT NOT NULL REFERENCES admissions (id),
    position     INTEGER NOT NULL,
    substance    TEXT NOT NULL,
    last_use_at  TEXT NULL,
    PRIMARY KEY (admission_id, position)
);

CREATE TABLE doses (
    id           TEXT NOT NULL PRIMARY KEY,
    admission_id TEXT NOT NULL REFERENCES admissions (id),
    drug         TEXT NOT NULL,
    drug_class   TEXT NOT NULL,
    dose         TEXT NOT NULL,
    unit         TEXT NOT NULL CHECK (unit IN ('mg', 'mcg')),
    dose_mg      TEXT NOT NULL,
    route        TEXT NOT NULL,
    given_at     TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    recorded_by  TEXT NOT NULL REFERENCES users (id),
    reason       TEXT NULL,
    note         TEXT NULL
);
CREATE INDEX ix_doses_admission ON doses (admission_id, given_at);

CREATE TABLE dose_corrections (
    id           TEXT NOT NULL PRIMARY KEY,
    dose_id      TEXT NOT NULL UNIQUE REFERENCES doses (id),
    reason       TEXT NOT NULL,
    corrected_by TEXT NOT NULL REFERENCES users (id),
    corrected_at TEXT NOT NULL
);

-- The alerts a dose raised or refreshed, so that marking the dose in error can resolve what only it supported.
CREATE TABLE dose_alerts (
    dose_id  TEXT NOT NULL REFERENCES doses (id),
    alert_id TEXT NOT NULL REFERENCES alerts (id),
    PRIMARY KEY (dose_id, alert_id)
);
CREATE INDEX ix_dose_alerts_alert ON dose_alerts (alert_id);

CREATE TRIGGER admission_substances_append_only_update BEFORE UPDATE ON admission_substances BEGIN SELECT RAISE(ABORT, 'substances are append-only'); END;
CREATE TRIGGER admission_substances_append_only_delete BEFORE DELETE ON admission_substances BEGIN SELECT RAISE(ABORT, 'substances are append-only'); END;
CREATE TRIGGER doses_append_only_update BEFORE UPDATE ON doses BEGIN SELECT RAISE(ABORT, 'doses are append-only'); END;
CREATE TRIGGER doses_append_only_delete BEFORE DELETE ON doses BEGIN SELECT RAISE(ABORT, 'doses are append-only'); END;
CREATE TRIGGER dose_corrections_append_only_update BEFORE UPDATE ON dose_corrections BEGIN SELECT RAISE(ABORT, 'corrections are append-only'); END;
CREATE TRIGGER dose_corrections_append_only_delete BEFORE DELETE ON dose_corrections BEGIN SELECT RAISE(ABORT, 'corrections are append-only'); END;
