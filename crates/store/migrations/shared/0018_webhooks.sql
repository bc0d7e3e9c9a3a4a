-- Webhooks: an integration's request to hear of an event at an address.
CREATE TABLE webhooks (
    id {{identity_key}},
    integration_id BIGINT NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    target_url TEXT NOT NULL,
    name TEXT,
    secret TEXT,
    api_version TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    last_triggered_at BIGINT,
    last_triggered_status TEXT,
    last_triggered_error TEXT
);
CREATE INDEX webhooks_by_event ON webhooks (event);

-- What happened, written in the same transaction as the change itself (so an event
-- exists exactly when its change committed), only while some webhook listens for
-- it. `previous` holds the fields the change moved, as they were.
CREATE TABLE webhook_events (
    id {{identity_key}},
    event TEXT NOT NULL,
    resource TEXT NOT NULL,
    resource_id BIGINT NOT NULL,
    previous TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- One event to one webhook. A webhook's deliveries go out one at a time in id
-- order: only the oldest undelivered one of a webhook may be claimed.
CREATE TABLE webhook_deliveries (
    id {{identity_key}},
    webhook_id BIGINT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id BIGINT NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    locked_until BIGINT,
    last_status TEXT,
    last_error TEXT,
    finished_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX webhook_deliveries_waiting ON webhook_deliveries (webhook_id, id) WHERE status = 'waiting';
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, id DESC);
