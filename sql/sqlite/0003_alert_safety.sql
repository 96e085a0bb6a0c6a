-- Alerts that stay safe through the ward's workflows: the severity of an alert's worst valid evidence and the
-- severity it was acknowledged at (a worse finding re-activates it), when its evidence was observed, and for
-- observations-overdue the due time of each missed kind. Oxygen device and flow on vital signs, and the
-- physician's changes of an admission's SpO2 scale.

ALTER TABLE alerts ADD COLUMN severity TEXT NULL;
ALTER TABLE alerts ADD COLUMN acknowledged_severity TEXT NULL;
ALTER TABLE alerts ADD COLUMN evidence_observed_at TEXT NULL;
ALTER TABLE alerts ADD COLUMN overdue_due TEXT NULL;

ALTER TABLE vital_signs ADD COLUMN oxygen_device TEXT NULL;
ALTER TABLE vital_signs ADD COLUMN oxygen_flow_lpm TEXT NULL;

CREATE TABLE spo2_scale_changes (
    id           TEXT NOT NULL PRIMARY KEY,
    admission_id TEXT NOT NULL REFERENCES admissions (id),
    from_scale   INTEGER NOT NULL CHECK (from_scale IN (1, 2)),
    to_scale     INTEGER NOT NULL CHECK (to_scale IN (1, 2)),
    reason       TEXT NOT NULL,
    changed_by   TEXT NOT NULL REFERENCES users (id),
    changed_at   TEXT NOT NULL
);
CREATE INDEX ix_spo2_scale_changes_admission ON spo2_scale_changes (admission_id, changed_at);

CREATE TRIGGER spo2_scale_changes_append_only_update BEFORE UPDATE ON spo2_scale_changes BEGIN SELECT RAISE(ABORT, 'SpO2 scale changes are append-only'); END;
CREATE TRIGGER spo2_scale_changes_append_only_delete BEFORE DELETE ON spo2_scale_changes BEGIN SELECT RAISE(ABORT, 'SpO2 scale changes are append-only'); END;
