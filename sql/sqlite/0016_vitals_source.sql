-- Where a charted set of vital signs came from: typed by the nurse ('manual') or read from the bedside
-- monitor and checked by the nurse before saving ('monitor-validated'). Earlier sets were all typed.
ALTER TABLE vital_signs ADD COLUMN source TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'monitor-validated'));
