-- Readiness writes this row (a real commit, through the same writer as readings): a store that has
-- run out of space, turned read-only or lost its disk fails the probe, and the service says it is not ready.
CREATE TABLE store_probes (
    name      TEXT NOT NULL PRIMARY KEY,
    probed_at INTEGER NOT NULL,
    probes    INTEGER NOT NULL
);
INSERT INTO store_probes (name, probed_at, probes) VALUES ('readiness', 0, 0);
