-- Alarm audio paused on a ward (IEC 60601-1-8 "audio paused"): who, why, when, until when.
-- Append-only: a pause is never edited; it ends by time.

CREATE TABLE audio_pauses (
    id         TEXT NOT NULL PRIMARY KEY,
    ward_code  TEXT NOT NULL REFERENCES wards (code),
    paused_at  TEXT NOT NULL,
    until      TEXT NOT NULL,
    paused_by  TEXT NOT NULL REFERENCES users (id),
    reason     TEXT NOT NULL
);
CREATE INDEX ix_audio_pauses_ward ON audio_pauses (ward_code, until);
CREATE TRIGGER audio_pauses_append_only_update BEFORE UPDATE ON audio_pauses BEGIN SELECT RAISE(ABORT, 'audio pauses are append-only'); END;
CREATE TRIGGER audio_pauses_append_only_delete BEFORE DELETE ON audio_pauses BEGIN SELECT RAISE(ABORT, 'audio pauses are append-only'); END;
