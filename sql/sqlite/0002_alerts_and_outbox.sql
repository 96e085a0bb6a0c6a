-- Alerts and their history, per-ward settings and observation schedule, and the outbox that
-- carries every ward event to dashboards after commit.

CREATE TABLE ward_settings (
    ward_code  TEXT NOT NULL PRIMARY KEY REFERENCES wards (code),
    settings   TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NULL REFERENCES users (id)
);

CREATE TABLE alerts (
    id               TEXT NOT NULL PRIMARY KEY,
    admission_id     TEXT NOT NULL REFERENCES admissions (id),
    ward_code        TEXT NOT NULL REFERENCES wards (code),
    bed_code         TEXT NOT NULL,
    code             TEXT NOT NULL,
    priority         TEXT NOT NULL CHECK (priority IN ('high', 'medium', 'low')),
    status           TEXT NOT NULL CHECK (status IN ('active', 'acknowledged', 'resolved')),
    raised_at        TEXT NOT NULL,
    last_seen_at     TEXT NOT NULL,
    activated_at     TEXT NOT NULL,
    reason           TEXT NOT NULL,
    observation_id   TEXT NULL REFERENCES observations (id),
    escalated_at     TEXT NULL,
    acknowledged_at  TEXT NULL,
    acknowledged_by  TEXT NULL REFERENCES users (id),
    acknowledge_note TEXT NULL,
    resolved_at      TEXT NULL,
    resolved_by      TEXT NULL REFERENCES users (id),
    resolve_note     TEXT NULL
);
-- One open alert per admission and code: a repeat finding updates it, never raises a second.
CREATE UNIQUE INDEX ux_alerts_open ON alerts (admission_id, code) WHERE status <> 'resolved';
CREATE INDEX ix_alerts_ward_status ON alerts (ward_code, status, raised_at);

-- What happened to each alert, append-only: raised, seen again, escalated, acknowledged, resolved.
CREATE TABLE alert_events (
    id             TEXT NOT NULL PRIMARY KEY,
    alert_id       TEXT NOT NULL REFERENCES alerts (id),
    event          TEXT NOT NULL,
    occurred_at    TEXT NOT NULL,
    user_id        TEXT NULL REFERENCES users (id),
    observation_id TEXT NULL REFERENCES observations (id),
    priority       TEXT NOT NULL,
    reason         TEXT NULL,
    note           TEXT NULL
);
CREATE INDEX ix_alert_events_alert ON alert_events (alert_id, occurred_at);
CREATE INDEX ix_alert_events_observation ON alert_events (observation_id);

CREATE TABLE observation_schedule (
    admission_id    TEXT NOT NULL PRIMARY KEY REFERENCES admissions (id),
    next_vitals_due TEXT NULL,
    next_cows_due   TEXT NULL,
    vitals_basis    TEXT NULL,
    cows_basis      TEXT NULL
);

CREATE TABLE ward_sequences (
    ward_code     TEXT NOT NULL PRIMARY KEY REFERENCES wards (code),
    last_sequence INTEGER NOT NULL
);
INSERT INTO ward_sequences (ward_code, last_sequence) SELECT code, 0 FROM wards;

CREATE TABLE outbox (
    id           TEXT NOT NULL PRIMARY KEY,
    ward_code    TEXT NOT NULL,
    sequence     INTEGER NOT NULL,
    type         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    sent_at      TEXT NULL,
    UNIQUE (ward_code, sequence)
);
CREATE INDEX ix_outbox_unsent ON outbox (sent_at, ward_code, sequence);

CREATE TRIGGER alert_events_append_only_update BEFORE UPDATE ON alert_events BEGIN SELECT RAISE(ABORT, 'alert history is append-only'); END;
CREATE TRIGGER alert_events_append_only_delete BEFORE DELETE ON alert_events BEGIN SELECT RAISE(ABORT, 'alert history is append-only'); END;
