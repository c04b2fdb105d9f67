-- Every value every source delivered, one row per meter, field and time (epoch milliseconds, UTC). Rows are never
-- removed by an adjustment, only marked deleted; retention removes raw rows once they are rolled up.
CREATE TABLE sample (
    meter       TEXT    NOT NULL,
    field       TEXT    NOT NULL,
    time        INTEGER NOT NULL,
    measurement TEXT    NOT NULL,
    source      TEXT,
    value       REAL,
    text        TEXT,
    -- read: from a source; rebase: the meter's cumulative basis restarts here; manual: added through the API
    kind        TEXT    NOT NULL DEFAULT 'read',
    deleted     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (meter, field, time)
) WITHOUT ROWID;
CREATE INDEX sample_time ON sample (time);

-- Downsampled numeric values: resolution 300 (5 minutes) and 86400 (a day in the store's time zone); bucket is
-- the bucket's start. increase is what a cumulative total rose inside the bucket (rebases and resets left out).
CREATE TABLE rollup (
    meter       TEXT    NOT NULL,
    field       TEXT    NOT NULL,
    resolution  INTEGER NOT NULL,
    bucket      INTEGER NOT NULL,
    measurement TEXT    NOT NULL,
    count       INTEGER NOT NULL,
    sum         REAL    NOT NULL,
    min         REAL    NOT NULL,
    max         REAL    NOT NULL,
    first       REAL    NOT NULL,
    last        REAL    NOT NULL,
    increase    REAL    NOT NULL,
    first_kind  TEXT    NOT NULL,
    PRIMARY KEY (meter, field, resolution, bucket)
) WITHOUT ROWID;

-- The audit trail: every correction, deletion, manual reading and revert, who made it, when and why.
CREATE TABLE adjustment (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    who         TEXT    NOT NULL,
    why         TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    meter       TEXT    NOT NULL,
    field       TEXT,
    time_from   INTEGER NOT NULL,
    time_to     INTEGER NOT NULL,
    value       REAL,
    rows        INTEGER NOT NULL,
    reverts     INTEGER REFERENCES adjustment (id),
    reverted_by INTEGER REFERENCES adjustment (id)
);
CREATE INDEX adjustment_meter ON adjustment (meter, at);

-- Each row an adjustment touched, as it was before (existed 0: the adjustment added it), so it can be reverted.
CREATE TABLE adjustment_row (
    adjustment  INTEGER NOT NULL REFERENCES adjustment (id),
    meter       TEXT    NOT NULL,
    field       TEXT    NOT NULL,
    time        INTEGER NOT NULL,
    existed     INTEGER NOT NULL,
    value       REAL,
    kind        TEXT,
    deleted     INTEGER,
    PRIMARY KEY (adjustment, meter, field, time)
) WITHOUT ROWID;
