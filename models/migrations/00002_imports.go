package migrations

// imports records every spreadsheet import: what was uploaded (the file itself, kept for the
// error workbook and for background jobs), with which options, and what happened.
var imports = Step{Version: 2, Name: "imports", SQL: `
CREATE TABLE import_runs (
	id {{pk}},
	created_at {{ts}} NOT NULL,
	finished_at {{ts}},
	actor VARCHAR(200) NOT NULL DEFAULT '',
	file_name VARCHAR(500) NOT NULL DEFAULT '',
	sha256 VARCHAR(64) NOT NULL DEFAULT '',
	size BIGINT NOT NULL DEFAULT 0,
	kind VARCHAR(20) NOT NULL DEFAULT '',
	options TEXT NOT NULL DEFAULT '',
	dry_run BOOLEAN NOT NULL DEFAULT FALSE,
	skip_invalid BOOLEAN NOT NULL DEFAULT FALSE,
	status VARCHAR(20) NOT NULL CHECK (status IN ('queued','running','succeeded','failed','invalid')),
	rows_total BIGINT NOT NULL DEFAULT 0,
	rows_created BIGINT NOT NULL DEFAULT 0,
	rows_updated BIGINT NOT NULL DEFAULT 0,
	rows_unchanged BIGINT NOT NULL DEFAULT 0,
	rows_failed BIGINT NOT NULL DEFAULT 0,
	errors TEXT NOT NULL DEFAULT '',
	errors_omitted BIGINT NOT NULL DEFAULT 0,
	result TEXT NOT NULL DEFAULT '',
	message TEXT NOT NULL DEFAULT '',
	file_bytes {{blob}},
	progress_done BIGINT NOT NULL DEFAULT 0,
	progress_total BIGINT NOT NULL DEFAULT 0,
	claimed_at {{ts}},
	heartbeat_at {{ts}}
);
CREATE INDEX import_runs_status_idx ON import_runs (status, id);
CREATE INDEX import_runs_created_idx ON import_runs (created_at, id)
`}
