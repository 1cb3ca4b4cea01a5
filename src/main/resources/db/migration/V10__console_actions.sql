-- The operator console (/console): what operators did, the organisation rules they added, and the live
-- progress of a running window.

-- Every write action of the console, with when, what, on what and the operator's note.
CREATE TABLE console_action (
    id      bigserial   PRIMARY KEY,
    at      timestamptz NOT NULL DEFAULT now(),
    action  text        NOT NULL,
    target  text        NOT NULL,
    note    text,
    outcome text
);
CREATE INDEX console_action_at_idx ON console_action (at DESC);

-- Organisation rules added from the console: shop_no → use org. Consulted after the customer.org-rule.*
-- properties (a shop named there keeps its configured org; the console refuses to add a rule for it).
CREATE TABLE org_rule (
    shop_no     text        PRIMARY KEY CHECK (btrim(shop_no) <> '' AND shop_no = btrim(shop_no)),
    use_org     text        NOT NULL CHECK (btrim(use_org) <> '' AND use_org = btrim(use_org)),
    note        text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Live progress of a running window: pages read so far (pages) out of pages_total (from total_count of page 0).
ALTER TABLE sync_run ADD COLUMN pages_total int;
ALTER TABLE sync_run ADD COLUMN progress_at timestamptz;
