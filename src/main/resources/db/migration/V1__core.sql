-- Core state of wdt-kingdee-sync: checkpoints, run log, customer registry, dead letters.
-- Every timestamp is timestamptz (an instant); ERP local times are converted by the application.

-- End of the last fully synced window, one row per scheme. Only ever moves forward.
CREATE TABLE sync_checkpoint (
    scheme      text        PRIMARY KEY,
    checkpoint  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

-- One row per cycle and one per window of a cycle (parent_id links a window to its cycle).
CREATE TABLE sync_run (
    id              bigserial   PRIMARY KEY,
    scheme          text        NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('cycle', 'window')),
    parent_id       bigint      NULL REFERENCES sync_run (id),
    mode            text,
    window_start    timestamptz,
    window_end      timestamptz,
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    status          text        NOT NULL CHECK (status IN ('RUNNING', 'DONE', 'FAILED')),
    pages           int         NOT NULL DEFAULT 0,
    orders          int         NOT NULL DEFAULT 0,
    filtered        int         NOT NULL DEFAULT 0,
    customers_sent  int         NOT NULL DEFAULT 0,
    saved           int         NOT NULL DEFAULT 0,
    existing        int         NOT NULL DEFAULT 0,
    failed          int         NOT NULL DEFAULT 0,
    dead_lettered   int         NOT NULL DEFAULT 0,
    error           text,
    CHECK ((kind = 'window') = (parent_id IS NOT NULL))
);
CREATE INDEX sync_run_scheme_id_idx ON sync_run (scheme, id DESC);
CREATE INDEX sync_run_parent_idx ON sync_run (parent_id) WHERE parent_id IS NOT NULL;

-- Customer registry: one row per (use org, normalised invoice title). The number is fixed
-- when the row is first inserted, before anything is sent to Kingdee.
CREATE TABLE customer (
    id                 bigserial   PRIMARY KEY,
    use_org            text        NOT NULL,
    title_key          text        NOT NULL,
    number             text        NOT NULL UNIQUE,
    fcustid            text,
    name               text,
    tax_code           text,
    first_stockout_no  text,
    first_stockout_id  text,
    status             text        NOT NULL CHECK (status IN ('NEW', 'SENDING', 'SAVED', 'EXISTING', 'FAILED')),
    reason             text,
    allocated_at       timestamptz,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    UNIQUE (use_org, title_key)
);
CREATE INDEX customer_status_idx ON customer (status);

-- Items that could not be processed, with the reason. At most one open row per item.
CREATE TABLE dead_letter (
    id             bigserial   PRIMARY KEY,
    scheme         text        NOT NULL,
    stage          text        NOT NULL,
    item_key       text        NOT NULL,
    payload        jsonb,
    reason         text        NOT NULL,
    attempts       int         NOT NULL,
    first_attempt  timestamptz NOT NULL,
    last_attempt   timestamptz NOT NULL,
    resolved_at    timestamptz NULL,
    resolution     text
);
CREATE UNIQUE INDEX dead_letter_open_item_uq ON dead_letter (scheme, stage, item_key) WHERE resolved_at IS NULL;
