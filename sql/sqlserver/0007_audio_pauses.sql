-- Alarm audio paused on a ward (IEC 60601-1-8 "audio paused"): who, why, when, until when (SQL Server).
-- Append-only: a pause is never edited; it ends by time.

CREATE TABLE dbo.audio_pauses (
    id         UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_audio_pauses PRIMARY KEY,
    ward_code  NVARCHAR(20) NOT NULL CONSTRAINT fk_audio_pauses_ward REFERENCES dbo.wards (code),
    paused_at  DATETIMEOFFSET(7) NOT NULL,
    until      DATETIMEOFFSET(7) NOT NULL,
    paused_by  UNIQUEIDENTIFIER NOT NULL CONSTRAINT fk_audio_pauses_user REFERENCES dbo.users (id),
    reason     NVARCHAR(200) NOT NULL
);
CREATE INDEX ix_audio_pauses_ward ON dbo.audio_pauses (ward_code, until);
GO

CREATE TRIGGER dbo.audio_pauses_append_only ON dbo.audio_pauses INSTEAD OF UPDATE, DELETE AS
BEGIN
    THROW 51000, N'audio pauses are append-only', 1;
END;
GO
