-- Workflows: DAGs of the app's jobs. The DAG is JSON ({nodes, edges}, PowerJob's PEWorkflowDAG) with every node's job,
-- params and flags resolved at save time, so a run never reads half of a later edit.
CREATE TABLE workflow_info (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    app_id               INTEGER NOT NULL,
    wf_name              TEXT    NOT NULL,
    wf_description       TEXT,
    time_expression_type INTEGER NOT NULL,
    time_expression      TEXT,
    time_zone            TEXT,
    max_wf_instance_num  INTEGER NOT NULL,
    enabled              INTEGER NOT NULL,
    pe_dag               TEXT    NOT NULL,
    next_trigger_time    INTEGER,
    last_fire_time       INTEGER,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
) STRICT;
CREATE INDEX ix_workflow_info_schedule ON workflow_info (app_id, enabled, next_trigger_time);

-- Nodes created ahead of a DAG (PowerJob's saveWorkflowNode); a DAG node naming one takes its fields.
CREATE TABLE workflow_node_info (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    app_id           INTEGER NOT NULL,
    workflow_id      INTEGER,
    job_id           INTEGER NOT NULL,
    node_name        TEXT,
    node_params      TEXT,
    enabled          INTEGER NOT NULL,
    skip_when_failed INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
) STRICT;

-- One run of a workflow: the DAG with each node's status, job instance and result; the context nodes read and add to.
-- version is a compare-and-set counter: every write names the version it read.
CREATE TABLE workflow_instance_info (
    wf_instance_id        INTEGER PRIMARY KEY AUTOINCREMENT,
    workflow_id           INTEGER NOT NULL,
    app_id                INTEGER NOT NULL,
    status                INTEGER NOT NULL,
    dag                   TEXT    NOT NULL,
    wf_init_params        TEXT,
    wf_context            TEXT    NOT NULL,
    result                TEXT,
    expected_trigger_time INTEGER,
    actual_trigger_time   INTEGER,
    finished_time         INTEGER,
    version               INTEGER NOT NULL,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
) STRICT;
CREATE INDEX ix_workflow_instance_app_status ON workflow_instance_info (app_id, status);
CREATE INDEX ix_workflow_instance_workflow_status ON workflow_instance_info (workflow_id, status);

-- The job instance a workflow node ran: which workflow instance and which node.
ALTER TABLE instance_info ADD COLUMN wf_instance_id INTEGER;
ALTER TABLE instance_info ADD COLUMN wf_node_id INTEGER;
CREATE INDEX ix_instance_info_wf_instance ON instance_info (wf_instance_id);
