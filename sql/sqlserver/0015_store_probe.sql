-- Readiness writes this row (a real commit): see sql/sqlite/0015_store_probe.sql.
CREATE TABLE dbo.store_probes (
    name      NVARCHAR(40) NOT NULL CONSTRAINT pk_store_probes PRIMARY KEY,
    probed_at BIGINT NOT NULL,
    probes    BIGINT NOT NULL
);
INSERT INTO dbo.store_probes (name, probed_at, probes) VALUES (N'readiness', 0, 0);
