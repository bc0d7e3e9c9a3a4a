-- Newsletters: lists readers sign up to, their subscribers, issues editors send, and
-- the per-recipient outbox that makes a send survive crashes.
--
-- A subscriber is one address (unique without regard to case); a subscription is
-- one address on one newsletter, 'pending' until the reader follows the confirmation
-- link, 'active' after, 'left' once they unsubscribe (kept, so a later import cannot
-- silently re-add someone who left). Confirmation links are random tokens stored only
-- as hashes, single-use and expiring; unsubscribe and preferences links are signed
-- with the site's secret and need no table.
--
-- Sending an issue copies its recipients into `outbox` in the same transaction that
-- marks the issue 'sending': who receives it is fixed at that moment. Workers claim
-- queued rows with a lease and mark each row sent as soon as the SMTP server has
-- accepted it.
CREATE TABLE newsletters (
    id {{identity_key}},
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    cadence TEXT NOT NULL DEFAULT '',
    sender_name TEXT NOT NULL,
    sender_email TEXT NOT NULL,
    reply_to TEXT NOT NULL DEFAULT '',
    signup_open INTEGER NOT NULL DEFAULT 1,
    position INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE subscribers (
    id {{identity_key}},
    email TEXT NOT NULL,
    -- The address in lower case: the same person typing Capitals is one subscriber.
    email_key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    -- Emails sent to this address because someone typed it into a signup box, in the
    -- current window: the per-address rate limit against using us to pester people.
    notices_window_start BIGINT NOT NULL DEFAULT 0,
    notices_in_window INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE subscriptions (
    subscriber_id BIGINT NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    newsletter_id BIGINT NOT NULL REFERENCES newsletters (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'left')),
    requested_at BIGINT NOT NULL,
    confirmed_at BIGINT,
    left_at BIGINT,
    PRIMARY KEY (subscriber_id, newsletter_id)
);
CREATE INDEX subscriptions_by_newsletter ON subscriptions (newsletter_id, status);

-- What happened to a subscriber and when, shown in the desk.
CREATE TABLE subscriber_events (
    id {{identity_key}},
    subscriber_id BIGINT NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX subscriber_events_by_subscriber ON subscriber_events (subscriber_id, id);

CREATE TABLE signup_tokens (
    token_hash TEXT PRIMARY KEY,
    subscriber_id BIGINT NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    -- The newsletters this link confirms, as a comma-separated list of ids.
    newsletter_ids TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX signup_tokens_expiry ON signup_tokens (expires_at);

CREATE TABLE newsletter_issues (
    id {{identity_key}},
    newsletter_id BIGINT NOT NULL REFERENCES newsletters (id) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    preheader TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    -- Article cards, as a JSON list of post ids in the order shown.
    article_ids TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'scheduled', 'sending', 'sent', 'cancelled')),
    send_at BIGINT,
    started_at BIGINT,
    finished_at BIGINT,
    recipients BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE outbox (
    id {{identity_key}},
    issue_id BIGINT NOT NULL REFERENCES newsletter_issues (id) ON DELETE CASCADE,
    subscriber_id BIGINT NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    next_attempt_at BIGINT NOT NULL,
    locked_until BIGINT,
    sent_at BIGINT,
    UNIQUE (issue_id, subscriber_id)
);
-- Workers look only at what is still to send, oldest first.
CREATE INDEX outbox_queued ON outbox (id) WHERE status = 'queued';
CREATE INDEX outbox_by_issue ON outbox (issue_id, status);
