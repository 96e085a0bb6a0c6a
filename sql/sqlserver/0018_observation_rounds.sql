-- Every due time the observation schedule has set, one row a round: see sql/sqlite/0018_observation_rounds.sql.

ALTER TABLE dbo.observation_schedules ADD
    set_at  DATETIMEOFFSET(7) NULL,
    dose_id UNIQUEIDENTIFIER NULL;

CREATE TABLE dbo.observation_rounds (
    id               BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_observation_rounds PRIMARY KEY,
    admission_id     UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_observation_rounds_admission REFERENCES dbo.admissions (id),
    kind             NVARCHAR(40) NOT NULL CONSTRAINT fk_observation_rounds_kind REFERENCES dbo.observation_kinds (kind),
    due_at           DATETIMEOFFSET(7) NOT NULL,
    basis            NVARCHAR(400) NOT NULL,
    dose_id          UNIQUEIDENTIFIER NULL,
    last_observed_at DATETIMEOFFSET(7) NULL,
    set_at           DATETIMEOFFSET(7) NOT NULL,
    ended_at         DATETIMEOFFSET(7) NULL,
    charted_at       DATETIMEOFFSET(7) NULL
);
CREATE UNIQUE INDEX ux_observation_rounds_current ON dbo.observation_rounds (admission_id, kind) WHERE ended_at IS NULL;
CREATE INDEX ix_observation_rounds_ended ON dbo.observation_rounds (ended_at, due_at);

CREATE INDEX ix_alert_events_alert_event ON dbo.alert_events (alert_id, event, occurred_at);
GO

-- Rows whose due time was first set or moved end their kind's current round and begin the next; the same time set
-- again leaves it. NOCOUNT keeps the schedule's own row count, which tells its writer whether to insert.
CREATE TRIGGER dbo.observation_schedules_rounds ON dbo.observation_schedules AFTER INSERT, UPDATE AS
BEGIN
    SET NOCOUNT ON;
    UPDATE r SET ended_at = i.set_at,
        charted_at = (SELECT MAX(o.observed_at) FROM dbo.observations o
                      WHERE o.admission_id = r.admission_id AND o.kind = r.kind
                        AND (r.last_observed_at IS NULL OR o.observed_at > r.last_observed_at)
                        AND NOT EXISTS (SELECT 1 FROM dbo.observation_corrections c WHERE c.observation_id = o.id))
    FROM dbo.observation_rounds r
    JOIN inserted i ON i.admission_id = r.admission_id AND i.kind = r.kind
    LEFT JOIN deleted d ON d.admission_id = i.admission_id AND d.kind = i.kind
    WHERE r.ended_at IS NULL AND (d.next_due IS NULL OR d.next_due <> i.next_due);

    INSERT INTO dbo.observation_rounds (admission_id, kind, due_at, basis, dose_id, last_observed_at, set_at)
    SELECT i.admission_id, i.kind, i.next_due, i.basis, i.dose_id,
           (SELECT TOP (1) o.observed_at FROM dbo.observations o
            WHERE o.admission_id = i.admission_id AND o.kind = i.kind
              AND NOT EXISTS (SELECT 1 FROM dbo.observation_corrections c WHERE c.observation_id = o.id)
            ORDER BY o.observed_at DESC),
           i.set_at
    FROM inserted i
    LEFT JOIN deleted d ON d.admission_id = i.admission_id AND d.kind = i.kind
    WHERE d.next_due IS NULL OR d.next_due <> i.next_due;
END;
GO
