-- Where a charted set of vital signs came from: see sql/sqlite/0016_vitals_source.sql.
ALTER TABLE dbo.vital_signs ADD
    source NVARCHAR(20) NOT NULL CONSTRAINT df_vital_signs_source DEFAULT N'manual'
           CONSTRAINT ck_vital_signs_source CHECK (source IN (N'manual', N'monitor-validated'));
