-- One audit row records a batch of readings and names each observation it wrote (up to 100 ids of
-- 48 characters): the resource column outgrows 400 characters.
ALTER TABLE audit_log ALTER COLUMN resource NVARCHAR(MAX) NULL;
