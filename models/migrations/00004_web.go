package migrations

// web adds what the web application stores (renewal decisions, saved views) and the indexes
// the home tiles and the filtered lists behind them need.
var web = Step{Version: 4, Name: "web", SQL: `
CREATE TABLE renewal_decisions (
	id {{pk}},
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	version BIGINT NOT NULL DEFAULT 1,
	item_kind VARCHAR(20) NOT NULL CHECK (item_kind IN ('licence','warranty')),
	item_id BIGINT NOT NULL,
	end_date DATE NOT NULL,
	decision VARCHAR(20) NOT NULL CHECK (decision IN ('renew','cancel','renegotiate','undecided')),
	owner VARCHAR(200) NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX renewal_decisions_item_key ON renewal_decisions (item_kind, item_id);

CREATE TABLE saved_views (
	id {{pk}},
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	page VARCHAR(40) NOT NULL,
	name VARCHAR(200) NOT NULL,
	query TEXT NOT NULL DEFAULT '',
	columns TEXT NOT NULL DEFAULT '',
	shared BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE UNIQUE INDEX saved_views_name_key ON saved_views (user_id, page, name);
CREATE INDEX saved_views_shared_idx ON saved_views (page, shared);

CREATE INDEX devices_category_purchase_idx ON devices (category, purchase_date);
CREATE INDEX devices_eol_date_idx ON devices (eol_date);
CREATE INDEX devices_own_lifetime_idx ON devices (purchase_date) WHERE lifetime_months IS NOT NULL;
CREATE INDEX warranties_end_notice_idx ON warranties (end_date, notice_days);
CREATE INDEX licences_end_notice_idx ON licences (end_date, notice_days)
`}
