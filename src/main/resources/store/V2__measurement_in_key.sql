-- A meter that sends more than one measurement (a Glow CAD: electricity and gas, both with energy_import_kwh) has a
-- series per measurement: the measurement joins the keys, so their rows never collide or interleave.
CREATE TABLE sample_v2 (
    meter       TEXT    NOT NULL,
    measurement TEXT    NOT NULL,
    field       TEXT    NOT NULL,
    time        INTEGER NOT NULL,
    source      TEXT,
    value       REAL,
    text        TEXT,
    kind        TEXT    NOT NULL DEFAULT 'read',
    deleted     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (meter, measurement, field, time)
) WITHOUT ROWID;
INSERT INTO sample_v2 (meter, measurement, field, time, source, value, text, kind, deleted)
    SELECT meter, measurement, field, time, source, value, text, kind, deleted FROM sample;
DROP TABLE sample;
ALTER TABLE sample_v2 RENAME TO sample;
CREATE INDEX sample_time ON sample (time);

CREATE TABLE rollup_v2 (
    meter       TEXT    NOT NULL,
    measurement TEXT    NOT NULL,
    field       TEXT    NOT NULL,
    resolution  INTEGER NOT NULL,
    bucket      INTEGER NOT NULL,
    count       INTEGER NOT NULL,
    sum         REAL    NOT NULL,
    min         REAL    NOT NULL,
    max         REAL    NOT NULL,
    first       REAL    NOT NULL,
    last        REAL    NOT NULL,
    increase    REAL    NOT NULL,
    first_kind  TEXT    NOT NULL,
    PRIMARY KEY (meter, measurement, field, resolution, bucket)
) WITHOUT ROWID;
INSERT INTO rollup_v2 SELECT meter, measurement, field, resolution, bucket, count, sum, min, max, first, last, increase, first_kind
    FROM rollup;
DROP TABLE rollup;
ALTER TABLE rollup_v2 RENAME TO rollup;

ALTER TABLE adjustment ADD COLUMN measurement TEXT;

CREATE TABLE adjustment_row_v2 (
    adjustment  INTEGER NOT NULL REFERENCES adjustment (id),
    meter       TEXT    NOT NULL,
    measurement TEXT    NOT NULL,
    field       TEXT    NOT NULL,
    time        INTEGER NOT NULL,
    existed     INTEGER NOT NULL,
    value       REAL,
    kind        TEXT,
    deleted     INTEGER,
    PRIMARY KEY (adjustment, meter, measurement, field, time)
) WITHOUT ROWID;
INSERT INTO adjustment_row_v2
    SELECT r.adjustment, r.meter, coalesce((SELECT s.measurement FROM sample s WHERE s.meter = r.meter AND s.field = r.field
        AND s.time = r.time), 'electricity'), r.field, r.time, r.existed, r.value, r.kind, r.deleted FROM adjustment_row r;
DROP TABLE adjustment_row;
ALTER TABLE adjustment_row_v2 RENAME TO adjustment_row
