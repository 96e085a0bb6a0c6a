-- SQL Server widens audit_log.resource for the audit row of a batch of readings (one id per
-- observation). SQLite's TEXT has no length: nothing to change here, the file keeps both providers'
-- migrations in step.
SELECT 1;
