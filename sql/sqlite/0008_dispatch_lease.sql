-- Several instances may share one database; exactly one dispatches the outbox at a time. It holds
-- this lease and renews it every second or so; when it stops renewing (it died), another instance
-- takes the lease over once expires_at has passed. Times are the database's clock, in milliseconds
-- since 1970-01-01 UTC, so that instances with skewed clocks still agree.
CREATE TABLE dispatch_leases (
    name       TEXT NOT NULL PRIMARY KEY,
    holder     TEXT NULL,
    expires_at INTEGER NOT NULL,
    generation INTEGER NOT NULL
);
INSERT INTO dispatch_leases (name, holder, expires_at, generation) VALUES ('outbox', NULL, 0, 0);
