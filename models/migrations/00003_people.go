package migrations

// people adds users, their browser sessions, one-time set-password links, the sign-in
// throttle and pending single sign-on logins, and gives API tokens an owner. Tokens that exist
// already keep working with no owner.
var people = Step{Version: 3, Name: "people", SQL: `
CREATE TABLE users (
	id {{pk}},
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	version BIGINT NOT NULL DEFAULT 1,
	email VARCHAR(254) NOT NULL CHECK (email <> ''),
	name VARCHAR(200) NOT NULL DEFAULT '',
	role VARCHAR(20) NOT NULL CHECK (role IN ('admin','editor','viewer')),
	landing VARCHAR(20) NOT NULL DEFAULT 'it' CHECK (landing IN ('it','finance','procurement')),
	disabled BOOLEAN NOT NULL DEFAULT FALSE,
	password_hash TEXT NOT NULL DEFAULT '',
	password_changed_at {{ts}},
	last_sign_in_at {{ts}},
	oidc_subject VARCHAR(255)
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE UNIQUE INDEX users_oidc_subject_key ON users (oidc_subject);

CREATE TABLE sessions (
	id {{pk}},
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	secret_hash VARCHAR(64) NOT NULL,
	created_at {{ts}} NOT NULL,
	last_seen_at {{ts}} NOT NULL,
	idle_expires_at {{ts}} NOT NULL,
	expires_at {{ts}} NOT NULL,
	user_agent VARCHAR(300) NOT NULL DEFAULT '',
	client_addr VARCHAR(100) NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX sessions_secret_key ON sessions (secret_hash);
CREATE INDEX sessions_user_idx ON sessions (user_id, id);

CREATE TABLE set_password_links (
	id {{pk}},
	user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	secret_hash VARCHAR(64) NOT NULL,
	created_at {{ts}} NOT NULL,
	expires_at {{ts}} NOT NULL,
	used_at {{ts}}
);
CREATE UNIQUE INDEX set_password_links_secret_key ON set_password_links (secret_hash);
CREATE INDEX set_password_links_user_idx ON set_password_links (user_id);

CREATE TABLE sign_in_throttle (
	throttle_key VARCHAR(300) PRIMARY KEY,
	failures BIGINT NOT NULL DEFAULT 0,
	last_failure_at {{ts}} NOT NULL,
	blocked_until {{ts}}
);

CREATE TABLE oidc_logins (
	state_hash VARCHAR(64) PRIMARY KEY,
	nonce VARCHAR(100) NOT NULL,
	verifier VARCHAR(200) NOT NULL,
	next_path VARCHAR(500) NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL,
	expires_at {{ts}} NOT NULL
);

ALTER TABLE api_tokens ADD COLUMN owner_id BIGINT REFERENCES users (id);
CREATE INDEX api_tokens_owner_idx ON api_tokens (owner_id)
`}
