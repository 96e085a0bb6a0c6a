-- Run once by the compose service sqlserver-init as sa: the service gets its own contained user in its
-- own database, never the sa login. $(MONITORING_DB_PASSWORD) is a sqlcmd variable (-v).
EXEC sp_configure 'contained database authentication', 1;
RECONFIGURE;
GO
IF DB_ID(N'Monitoring') IS NULL
    CREATE DATABASE Monitoring CONTAINMENT = PARTIAL;
GO
USE Monitoring;
GO
IF DATABASE_PRINCIPAL_ID(N'monitoring') IS NULL
    CREATE USER monitoring WITH PASSWORD = N'$(MONITORING_DB_PASSWORD)';
GO
-- Migrations run at start-up (DDL); the service reads and writes; nothing on the server beyond this database.
ALTER ROLE db_ddladmin ADD MEMBER monitoring;
ALTER ROLE db_datareader ADD MEMBER monitoring;
ALTER ROLE db_datawriter ADD MEMBER monitoring;
GO
