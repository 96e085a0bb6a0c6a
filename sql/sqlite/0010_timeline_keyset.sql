-- The timeline is read a page at a time, each source of an admission in (time, id) order from the last
-- entry sent (a keyset): each index ends in (time, id) so that a page seeks to its start and stops after
-- its rows, whatever the length of the stay. The wider indexes replace the narrower ones they extend.
DROP INDEX ix_observations_admission;
CREATE INDEX ix_observations_admission ON observations (admission_id, kind, observed_at, id);

DROP INDEX ix_doses_admission;
CREATE INDEX ix_doses_admission ON doses (admission_id, given_at, id);

CREATE INDEX ix_alerts_admission ON alerts (admission_id, raised_at, id);
