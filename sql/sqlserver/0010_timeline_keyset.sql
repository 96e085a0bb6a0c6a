-- The timeline is read a page at a time, each source of an admission in (time, id) order from the last
-- entry sent (a keyset); see sql/sqlite/0010_timeline_keyset.sql. The wider indexes replace the narrower ones.
CREATE INDEX ix_observations_admission ON dbo.observations (admission_id, kind, observed_at, id) WITH (DROP_EXISTING = ON);

CREATE INDEX ix_doses_admission ON dbo.doses (admission_id, given_at, id) WITH (DROP_EXISTING = ON);

CREATE INDEX ix_alerts_admission ON dbo.alerts (admission_id, raised_at, id);
