-- Several instances may share one database; exactly one dispatches the outbox at a time (SQL Server).
-- See sql/sqlite/0008_dispatch_lease.sql. Times are the database's clock, milliseconds since 1970 UTC.
CREATE TABLE dbo.dispatch_leases (
    name       NVARCHAR(40) NOT NULL CONSTRAINT pk_dispatch_leases PRIMARY KEY,
    holder     NVARCHAR(200) NULL,
    expires_at BIGINT NOT NULL,
    generation BIGINT NOT NULL
);
INSERT INTO dbo.dispatch_leases (name, holder, expires_at, generation) VALUES (N'outbox', NULL, 0, 0);
