-- What the ward did about an alert (who was called, who reviewed, what was given), each with the time it
-- happened, which may be up to a day before it was recorded; and how a resolved alert ended (its outcome),
-- which tells a manager which rules mostly raise artefacts.

CREATE TABLE alert_responses (
    id          TEXT NOT NULL PRIMARY KEY,
    alert_id    TEXT NOT NULL REFERENCES alerts (id),
    action      TEXT NOT NULL CHECK (action IN ('called-physician', 'called-rapid-response', 'reviewed-at-bedside', 'naloxone-given',
                                                'transferred-higher-care', 'observations-increased', 'other')),
    at          TEXT NOT NULL,
    note        TEXT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users (id)
);
CREATE INDEX ix_alert_responses_alert ON alert_responses (alert_id, at);

CREATE TRIGGER alert_responses_append_only_update BEFORE UPDATE ON alert_responses BEGIN SELECT RAISE(ABORT, 'alert responses are append-only'); END;
CREATE TRIGGER alert_responses_append_only_delete BEFORE DELETE ON alert_responses BEGIN SELECT RAISE(ABORT, 'alert responses are append-only'); END;

-- The reports read a ward's alerts by the time they were raised, whatever their status.
CREATE INDEX ix_alerts_ward_raised ON alerts (ward_code, raised_at);

ALTER TABLE alerts ADD COLUMN outcome TEXT NULL CHECK (outcome IN ('treated', 'no-action-needed', 'artefact', 'transferred'));
