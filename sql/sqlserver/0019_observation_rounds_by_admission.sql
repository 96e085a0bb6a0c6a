-- The observations report reads a ward's rounds through its admissions: see sql/sqlite/0019_observation_rounds_by_admission.sql.
DROP INDEX ix_observation_rounds_ended ON dbo.observation_rounds;
CREATE INDEX ix_observation_rounds_admission_ended
    ON dbo.observation_rounds (admission_id, ended_at, due_at)
    INCLUDE (kind, last_observed_at, charted_at, dose_id);
