-- Each ward event carries the W3C trace context of the transaction that wrote it (SQL Server).
-- See sql/sqlite/0009_outbox_trace_context.sql. A version-00 traceparent is exactly 55 characters;
-- tracestate is kept only up to the 512 characters W3C asks every system to propagate.
ALTER TABLE dbo.outbox ADD trace_parent VARCHAR(55) NULL, trace_state VARCHAR(512) NULL;
