package migrations

// reminders adds reminder rules, webhook endpoints, report schedules and the outbox every
// reminder and scheduled report passes through (the delivery log), plus the default rule a new
// register starts with: licences and warranties, 90/30/7/0 days before the notice deadline (or
// end date), to the owner of the item's budget line, one message per item, at 08:00 UTC.
var reminders = Step{Version: 5, Name: "reminders", SQL: `
CREATE TABLE reminder_rules (
	id {{pk}},
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	version BIGINT NOT NULL DEFAULT 1,
	notes TEXT NOT NULL DEFAULT '',
	name VARCHAR(200) NOT NULL CHECK (name <> ''),
	enabled BOOLEAN NOT NULL DEFAULT TRUE,
	scope VARCHAR(20) NOT NULL CHECK (scope IN ('licences','warranties','both')),
	vendor_id BIGINT REFERENCES vendors (id) ON DELETE SET NULL,
	budget_line_id BIGINT REFERENCES budget_lines (id) ON DELETE SET NULL,
	category VARCHAR(20) NOT NULL DEFAULT '',
	min_cost_amount BIGINT NOT NULL DEFAULT 0 CHECK (min_cost_amount >= 0),
	min_cost_currency VARCHAR(3) NOT NULL DEFAULT '',
	stages VARCHAR(200) NOT NULL,
	recipients TEXT NOT NULL,
	digest BOOLEAN NOT NULL DEFAULT FALSE,
	time_zone VARCHAR(64) NOT NULL DEFAULT 'UTC',
	send_hour INTEGER NOT NULL DEFAULT 8 CHECK (send_hour >= 0 AND send_hour <= 23)
);
CREATE UNIQUE INDEX reminder_rules_name_key ON reminder_rules (lower(name));

CREATE TABLE reminder_endpoints (
	id {{pk}},
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	version BIGINT NOT NULL DEFAULT 1,
	notes TEXT NOT NULL DEFAULT '',
	name VARCHAR(200) NOT NULL CHECK (name <> ''),
	url TEXT NOT NULL,
	format VARCHAR(20) NOT NULL CHECK (format IN ('standard','slack','teams')),
	secret TEXT NOT NULL,
	enabled BOOLEAN NOT NULL DEFAULT TRUE,
	disabled_reason TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX reminder_endpoints_name_key ON reminder_endpoints (lower(name));

CREATE TABLE report_schedules (
	id {{pk}},
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	version BIGINT NOT NULL DEFAULT 1,
	notes TEXT NOT NULL DEFAULT '',
	name VARCHAR(200) NOT NULL CHECK (name <> ''),
	enabled BOOLEAN NOT NULL DEFAULT TRUE,
	report VARCHAR(100) NOT NULL,
	params TEXT NOT NULL DEFAULT '',
	frequency VARCHAR(10) NOT NULL CHECK (frequency IN ('daily','weekly','monthly')),
	weekday INTEGER NOT NULL DEFAULT 1 CHECK (weekday >= 0 AND weekday <= 6),
	month_day INTEGER NOT NULL DEFAULT 1 CHECK (month_day >= 1 AND month_day <= 31),
	send_hour INTEGER NOT NULL DEFAULT 8 CHECK (send_hour >= 0 AND send_hour <= 23),
	time_zone VARCHAR(64) NOT NULL DEFAULT 'UTC',
	format VARCHAR(10) NOT NULL CHECK (format IN ('xlsx','csv')),
	skip_empty BOOLEAN NOT NULL DEFAULT FALSE,
	recipients TEXT NOT NULL
);
CREATE UNIQUE INDEX report_schedules_name_key ON report_schedules (lower(name));

CREATE TABLE reminder_outbox (
	id {{pk}},
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	kind VARCHAR(10) NOT NULL CHECK (kind IN ('reminder','report','test')),
	rule_id BIGINT,
	item_kind VARCHAR(20) NOT NULL,
	item_id BIGINT NOT NULL,
	anchor_date DATE NOT NULL,
	stage INTEGER NOT NULL,
	channel VARCHAR(10) NOT NULL CHECK (channel IN ('email','webhook')),
	recipient VARCHAR(320) NOT NULL,
	digest BOOLEAN NOT NULL DEFAULT FALSE,
	status VARCHAR(10) NOT NULL CHECK (status IN ('planned','sending','retry','sent','skipped','cancelled','dead')),
	due_at {{ts}} NOT NULL,
	expires_at {{ts}} NOT NULL,
	next_attempt_at {{ts}} NOT NULL,
	lease_until {{ts}},
	lease_token VARCHAR(64) NOT NULL DEFAULT '',
	attempts INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	reason TEXT NOT NULL DEFAULT '',
	sent_at {{ts}},
	message_id VARCHAR(200) NOT NULL
);
CREATE UNIQUE INDEX reminder_outbox_key ON reminder_outbox (item_kind, item_id, anchor_date, stage, channel, recipient);
CREATE INDEX reminder_outbox_due_idx ON reminder_outbox (status, next_attempt_at);
CREATE INDEX reminder_outbox_item_idx ON reminder_outbox (item_kind, item_id);
CREATE INDEX reminder_outbox_created_idx ON reminder_outbox (created_at, id);

INSERT INTO reminder_rules (created_at, updated_at, name, scope, stages, recipients, digest, time_zone, send_hour)
VALUES (CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'Default', 'both', '90,30,7,0', '[{"kind":"budget_owner"}]', FALSE, 'UTC', 8)
`}
