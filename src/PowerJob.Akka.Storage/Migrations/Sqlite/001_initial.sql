-- Times are INTEGER unix milliseconds (UTC); enums are their PowerJob codes.
CREATE TABLE app_info (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    app_name      TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE job_info (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    app_id                 INTEGER NOT NULL,
    job_name               TEXT    NOT NULL,
    description            TEXT,
    processor_info         TEXT    NOT NULL,
    execute_type           INTEGER NOT NULL,
    time_expression_type   INTEGER NOT NULL,
    time_expression        TEXT,
    time_zone              TEXT,
    job_params             TEXT,
    max_instance_num       INTEGER NOT NULL,
    instance_retry_num     INTEGER NOT NULL,
    task_retry_num         INTEGER NOT NULL,
    instance_time_limit_ms INTEGER NOT NULL,
    dispatch_strategy      INTEGER NOT NULL,
    designated_workers     TEXT,
    max_worker_count       INTEGER NOT NULL,
    concurrency            INTEGER NOT NULL,
    enabled                INTEGER NOT NULL,
    next_trigger_time      INTEGER,
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL
) STRICT;
CREATE INDEX ix_job_info_schedule ON job_info (app_id, enabled, time_expression_type, next_trigger_time);

-- AUTOINCREMENT: an instance id is never reused, so a report for a deleted instance cannot hit a new one.
CREATE TABLE instance_info (
    instance_id           INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id                INTEGER NOT NULL,
    app_id                INTEGER NOT NULL,
    status                INTEGER NOT NULL,
    job_params            TEXT,
    instance_params       TEXT,
    result                TEXT,
    expected_trigger_time INTEGER,
    actual_trigger_time   INTEGER,
    finished_time         INTEGER,
    last_report_time      INTEGER,
    task_tracker_address  TEXT,
    running_times         INTEGER NOT NULL,
    attempt               INTEGER NOT NULL,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
) STRICT;
CREATE INDEX ix_instance_info_job_status ON instance_info (job_id, status);
CREATE INDEX ix_instance_info_app_status ON instance_info (app_id, status);

CREATE TABLE instance_transition (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    instance_id INTEGER NOT NULL REFERENCES instance_info (instance_id) ON DELETE CASCADE,
    status      INTEGER NOT NULL,
    changed_at  INTEGER NOT NULL,
    note        TEXT
) STRICT;
CREATE INDEX ix_instance_transition_instance ON instance_transition (instance_id, changed_at, id);

-- No foreign key: a worker may still ship logs for an instance that was already deleted.
CREATE TABLE instance_log (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    instance_id    INTEGER NOT NULL,
    log_time       INTEGER NOT NULL,
    log_level      TEXT    NOT NULL,
    content        TEXT    NOT NULL,
    worker_address TEXT
) STRICT;
CREATE INDEX ix_instance_log_instance ON instance_log (instance_id, log_time, id);
