-- Bedside monitors (IHE PCD-01 over MLLP): raw samples kept for the retention period, minute
-- aggregates kept for the stay, the messages accepted (duplicates by sender and control id) and the
-- monitor last heard for each admission. Never charted observations: a nurse validates into the chart.

CREATE TABLE dbo.monitor_samples (
    admission_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_monitor_samples_admission REFERENCES dbo.admissions (id),
    mdc_code     INT NOT NULL,
    parameter    NVARCHAR(20) NOT NULL,
    observed_at  DATETIMEOFFSET(7) NOT NULL,
    value        FLOAT NOT NULL,
    zone_assumed BIT NOT NULL,
    received_at  DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT pk_monitor_samples PRIMARY KEY (admission_id, mdc_code, observed_at)
);

CREATE TABLE dbo.monitor_minutes (
    admission_id UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_monitor_minutes_admission REFERENCES dbo.admissions (id),
    mdc_code     INT NOT NULL,
    parameter    NVARCHAR(20) NOT NULL,
    minute_at    DATETIMEOFFSET(7) NOT NULL,
    min_value    FLOAT NOT NULL,
    max_value    FLOAT NOT NULL,
    last_value   FLOAT NOT NULL,
    last_at      DATETIMEOFFSET(7) NOT NULL,
    sample_count INT NOT NULL,
    CONSTRAINT pk_monitor_minutes PRIMARY KEY (admission_id, mdc_code, minute_at)
);

-- MSH-3 (HD, up to 227 characters) and MSH-10 (ST, up to 199) as sent: the key stays under 900 bytes.
CREATE TABLE dbo.monitor_messages (
    sending_application NVARCHAR(227) NOT NULL,
    control_id          NVARCHAR(199) NOT NULL,
    received_at         DATETIMEOFFSET(7) NOT NULL,
    CONSTRAINT pk_monitor_messages PRIMARY KEY (sending_application, control_id)
);
CREATE INDEX ix_monitor_messages_received ON dbo.monitor_messages (received_at);

CREATE TABLE dbo.admission_monitors (
    admission_id    UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_admission_monitors PRIMARY KEY
                    CONSTRAINT fk_admission_monitors_admission REFERENCES dbo.admissions (id),
    device_id       NVARCHAR(199) NOT NULL,
    last_message_at DATETIMEOFFSET(7) NOT NULL
);
