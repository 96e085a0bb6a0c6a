-- The observations report reads a ward's rounds through its admissions: each admission's rounds current or ended
-- since the start of the window are one range of this index, which holds every column the report reads, so the
-- read never visits the table. The (ended_at, due_at) index walked every ward's rounds in time order, each row a
-- visit to the table and a join to its admission; nothing else reads it.
DROP INDEX ix_observation_rounds_ended;
CREATE INDEX ix_observation_rounds_admission_ended
    ON observation_rounds (admission_id, ended_at, due_at, kind, last_observed_at, charted_at, dose_id);
