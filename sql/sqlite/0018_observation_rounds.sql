-- Every due time the observation schedule has set, one row a round, written by the schedule's own write in its
-- transaction (a trigger: no statement more on the reading's path). A round records when it was due and why, the
-- check of which dose it was when a dose called for it, the newest valid observation of its kind when it was set
-- (the interval the next round follows), when it was set, and how it ended: when the schedule moved on to another due
-- time (ended_at), with the observed time of the newest valid observation charted since it was set (charted_at), or
-- none when it was superseded without charting. The schedule keeps only the current due time; the observations
-- report reads these.

ALTER TABLE observation_schedules ADD COLUMN set_at TEXT NULL;
ALTER TABLE observation_schedules ADD COLUMN dose_id TEXT NULL;

CREATE TABLE observation_rounds (
    id               INTEGER PRIMARY KEY,
    admission_id     TEXT NOT NULL REFERENCES admissions (id),
    kind             TEXT NOT NULL REFERENCES observation_kinds (kind),
    due_at           TEXT NOT NULL,
    basis            TEXT NOT NULL,
    dose_id          TEXT NULL,
    last_observed_at TEXT NULL,
    set_at           TEXT NOT NULL,
    ended_at         TEXT NULL,
    charted_at       TEXT NULL
);
-- At most one round of a kind is current.
CREATE UNIQUE INDEX ux_observation_rounds_current ON observation_rounds (admission_id, kind) WHERE ended_at IS NULL;
-- The report reads the rounds current or ended since the start of its window.
CREATE INDEX ix_observation_rounds_ended ON observation_rounds (ended_at, due_at);

CREATE TRIGGER observation_schedules_round_first AFTER INSERT ON observation_schedules BEGIN
    UPDATE observation_rounds SET ended_at = NEW.set_at,
        charted_at = (SELECT MAX(o.observed_at) FROM observations o
                      WHERE o.admission_id = observation_rounds.admission_id AND o.kind = observation_rounds.kind
                        AND (observation_rounds.last_observed_at IS NULL OR o.observed_at > observation_rounds.last_observed_at)
                        AND NOT EXISTS (SELECT 1 FROM observation_corrections c WHERE c.observation_id = o.id))
    WHERE admission_id = NEW.admission_id AND kind = NEW.kind AND ended_at IS NULL;
    INSERT INTO observation_rounds (admission_id, kind, due_at, basis, dose_id, last_observed_at, set_at)
    VALUES (NEW.admission_id, NEW.kind, NEW.next_due, NEW.basis, NEW.dose_id,
            (SELECT o.observed_at FROM observations o
             WHERE o.admission_id = NEW.admission_id AND o.kind = NEW.kind
               AND NOT EXISTS (SELECT 1 FROM observation_corrections c WHERE c.observation_id = o.id)
             ORDER BY o.observed_at DESC LIMIT 1),
            NEW.set_at);
END;

-- A due time set again (the same round, a new basis) leaves the round as it is.
CREATE TRIGGER observation_schedules_round_moved AFTER UPDATE OF next_due ON observation_schedules WHEN NEW.next_due <> OLD.next_due BEGIN
    UPDATE observation_rounds SET ended_at = NEW.set_at,
        charted_at = (SELECT MAX(o.observed_at) FROM observations o
                      WHERE o.admission_id = observation_rounds.admission_id AND o.kind = observation_rounds.kind
                        AND (observation_rounds.last_observed_at IS NULL OR o.observed_at > observation_rounds.last_observed_at)
                        AND NOT EXISTS (SELECT 1 FROM observation_corrections c WHERE c.observation_id = o.id))
    WHERE admission_id = NEW.admission_id AND kind = NEW.kind AND ended_at IS NULL;
    INSERT INTO observation_rounds (admission_id, kind, due_at, basis, dose_id, last_observed_at, set_at)
    VALUES (NEW.admission_id, NEW.kind, NEW.next_due, NEW.basis, NEW.dose_id,
            (SELECT o.observed_at FROM observations o
             WHERE o.admission_id = NEW.admission_id AND o.kind = NEW.kind
               AND NOT EXISTS (SELECT 1 FROM observation_corrections c WHERE c.observation_id = o.id)
             ORDER BY o.observed_at DESC LIMIT 1),
            NEW.set_at);
END;

-- The response and alert-load reports read each alert's first acknowledgement and its escalations by event: with
-- the event in the index, each is one seek in the index alone, not a visit to every history row of the alert.
CREATE INDEX ix_alert_events_alert_event ON alert_events (alert_id, event, occurred_at);
