-- Bedside monitors (IHE PCD-01 over MLLP): raw samples kept for the retention period, minute
-- aggregates kept for the stay, the messages accepted (duplicates by sender and control id) and the
-- monitor last heard for each admission. Never charted observations: a nurse validates into the chart.

CREATE TABLE monitor_samples (
    admission_id TEXT NOT NULL REFERENCES admissions (id),
    mdc_code     INTEGER NOT NULL,
    parameter    TEXT NOT NULL,
    observed_at  TEXT NOT NULL,
    value        REAL NOT NULL,
    zone_assumed INTEGER NOT NULL CHECK (zone_assumed IN (0, 1)),
    received_at  TEXT NOT NULL,
    -- A sample identical in (admission, code, time) is stored once.
    PRIMARY KEY (admission_id, mdc_code, observed_at)
) WITHOUT ROWID;

CREATE TABLE monitor_minutes (
    admission_id TEXT NOT NULL REFERENCES admissions (id),
    mdc_code     INTEGER NOT NULL,
    parameter    TEXT NOT NULL,
    minute_at    TEXT NOT NULL,
    min_value    REAL NOT NULL,
    max_value    REAL NOT NULL,
    last_value   REAL NOT NULL,
    last_at      TEXT NOT NULL,
    sample_count INTEGER NOT NULL,
    PRIMARY KEY (admission_id, mdc_code, minute_at)
) WITHOUT ROWID;

CREATE TABLE monitor_messages (
    sending_application TEXT NOT NULL,
    control_id          TEXT NOT NULL,
    received_at         TEXT NOT NULL,
    PRIMARY KEY (sending_application, control_id)
) WITHOUT ROWID;
CREATE INDEX ix_monitor_messages_received ON monitor_messages (received_at);

CREATE TABLE admission_monitors (
    admission_id    TEXT NOT NULL PRIMARY KEY REFERENCES admissions (id),
    device_id       TEXT NOT NULL,
    last_message_at TEXT NOT NULL
);
