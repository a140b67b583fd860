package migrations

// importWizard stores import profiles: a named mapping (the columns it was made from, the
// column mapping, value mappings and options) that a later file with the same headers reuses.
// Names are unique whatever their case. import_commits records which dry runs were committed:
// its key makes a second commit of the same dry run fail, however many people press the button.
var importWizard = Step{Version: 6, Name: "import_wizard", SQL: `
CREATE TABLE import_profiles (
	id {{pk}},
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	version BIGINT NOT NULL DEFAULT 1,
	name VARCHAR(200) NOT NULL CHECK (name <> ''),
	kind VARCHAR(20) NOT NULL DEFAULT '',
	columns TEXT NOT NULL DEFAULT '[]',
	options TEXT NOT NULL DEFAULT '{}',
	notes TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX import_profiles_name_idx ON import_profiles (lower(name));
CREATE TABLE import_commits (
	dry_run_id BIGINT PRIMARY KEY REFERENCES import_runs (id) ON DELETE CASCADE,
	run_id BIGINT REFERENCES import_runs (id) ON DELETE SET NULL,
	actor VARCHAR(200) NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL
)
`}
