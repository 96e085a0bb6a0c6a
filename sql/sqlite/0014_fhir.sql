-- FHIR R4 interface. A Patient is an MRN: its id is the id of the first admission stored for that MRN,
-- fixed by a trigger when the MRN is first admitted (insertion order, not admitted_at, which may be
-- back-dated), so that it never changes and a Patient read is one index seek.
CREATE TABLE patients (
    id  TEXT NOT NULL PRIMARY KEY,
    mrn TEXT NOT NULL UNIQUE
);
INSERT INTO patients (id, mrn)
SELECT (SELECT a.id FROM admissions a WHERE a.mrn = m.mrn ORDER BY a.admitted_at, a.id LIMIT 1), m.mrn
FROM (SELECT DISTINCT mrn FROM admissions) m;
CREATE TRIGGER admissions_patient AFTER INSERT ON admissions
WHEN NOT EXISTS (SELECT 1 FROM patients WHERE mrn = NEW.mrn)
BEGIN
    INSERT INTO patients (id, mrn) VALUES (NEW.id, NEW.mrn);
END;
CREATE INDEX ix_admissions_mrn ON admissions (mrn, admitted_at);

-- Observation and Flag searches that name no patient page through every visible ward in (time, id) order.
CREATE INDEX ix_observations_observed ON observations (observed_at, id);
CREATE INDEX ix_doses_given ON doses (given_at, id);
CREATE INDEX ix_alerts_raised ON alerts (raised_at, id);

-- Bulk exports (FHIR Bulk Data Access): one row a request, run in the background; the files live under
-- the data folder and are deleted with the row once expires_at has passed.
CREATE TABLE fhir_exports (
    id           TEXT NOT NULL PRIMARY KEY,
    ward_code    TEXT NOT NULL REFERENCES wards (code),
    requested_by TEXT NOT NULL REFERENCES users (id),
    requested_at TEXT NOT NULL,
    request_url  TEXT NOT NULL,
    types        TEXT NOT NULL,
    since        TEXT NULL,
    status       TEXT NOT NULL CHECK (status IN ('accepted', 'in-progress', 'completed', 'failed')),
    progress     TEXT NULL,
    outputs      TEXT NULL,
    error        TEXT NULL,
    heartbeat_at TEXT NULL,
    completed_at TEXT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX ix_fhir_exports_status ON fhir_exports (status, requested_at);
CREATE INDEX ix_fhir_exports_expires ON fhir_exports (expires_at);
