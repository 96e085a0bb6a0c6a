-- Each ward event carries the W3C trace context (traceparent, tracestate) of the transaction that wrote
-- it, so that its dispatch, by whichever instance holds the lease, continues the same trace. NULL for
-- events written before this migration or outside any trace.
ALTER TABLE outbox ADD COLUMN trace_parent TEXT NULL;
ALTER TABLE outbox ADD COLUMN trace_state TEXT NULL;
