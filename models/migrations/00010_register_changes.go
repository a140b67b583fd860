package migrations

// registerChanges gives the register a change number on Postgres (models/summaries.go): every
// statement that writes a register table (COPY and TRUNCATE included) draws the next value of
// the sequence register_changes while holding a shared advisory lock to the end of its
// transaction, so a reader that gets the lock exclusively knows every number drawn has
// committed or rolled back. Writers share the lock and the sequence never waits, so writers
// never queue behind one another. SQLite keeps no change number.
var registerChanges = Step{Version: 10, Name: "register_changes", PostgresSQL: oneStatement(`
CREATE SEQUENCE register_changes;
CREATE FUNCTION register_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_advisory_xact_lock_shared(hashtextextended(current_schema() || '.itreg.register', 0));
	PERFORM nextval('register_changes');
	RETURN NULL;
END
$$`) + ";\n" + oneStatement(`
DO $$
DECLARE t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['vendors', 'budget_lines', 'categories', 'devices', 'licences', 'licence_seats',
		'warranties', 'warranty_devices', 'renewal_decisions']
	LOOP
		EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
			'FOR EACH STATEMENT EXECUTE FUNCTION register_changed()', t || '_changed', t);
	END LOOP;
END
$$
`)}
