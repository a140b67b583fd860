package migrations

import "strings"

// homeTiles adds what the home tiles and the global search need at a million devices.
//
// devices_state_idx holds every column the end-of-life and status conditions read (status,
// category, purchase date, end of support, own lifetime), so the one pass that counts the
// status and past-end-of-life tiles reads this index (a few MB, its many equal entries
// deduplicated) instead of the whole table.
//
// On Postgres, trigram indexes (pg_trgm) on the expressions the search matches with LIKE
// '%text%' (models/list.go searchText: LOWER(COALESCE(col, ”))), so a search reads the few
// rows holding the text instead of every device. The extension is created in the public
// schema when missing; where it cannot be (no right to, not installed) the indexes are left
// out with a notice and the search stays correct, only slower. The block finds the schema the
// extension lives in, so an existing installation elsewhere is used as it is. SQLite keeps
// its LIKE over the table.
var homeTiles = Step{Version: 8, Name: "home_tiles", SQL: `
CREATE INDEX devices_state_idx ON devices (status, category, purchase_date, eol_date, lifetime_months)
`, PostgresSQL: oneStatement(`
DO $$
DECLARE ops text; idx text[];
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
		BEGIN
			CREATE EXTENSION pg_trgm SCHEMA public;
		EXCEPTION WHEN OTHERS THEN
			RAISE NOTICE 'pg_trgm not available (%): search runs without trigram indexes', SQLERRM;
		END;
	END IF;
	SELECT quote_ident(n.nspname) || '.gin_trgm_ops' INTO ops
		FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
	IF ops IS NULL THEN
		RETURN;
	END IF;
	FOREACH idx SLICE 1 IN ARRAY ARRAY[
		['devices_asset_tag_trgm', 'devices', 'asset_tag'], ['devices_serial_number_trgm', 'devices', 'serial_number'],
		['devices_hostname_trgm', 'devices', 'hostname'], ['devices_assigned_to_trgm', 'devices', 'assigned_to'],
		['licences_product_trgm', 'licences', 'product'], ['licences_reference_trgm', 'licences', 'reference'],
		['warranties_reference_trgm', 'warranties', 'reference'], ['vendors_name_trgm', 'vendors', 'name']]
	LOOP
		EXECUTE format('CREATE INDEX %I ON %I USING gin (LOWER(COALESCE(%I, %L)) %s)', idx[1], idx[2], idx[3], '', ops);
	END LOOP;
END
$$
`)}

// oneStatement keeps a block of PL/pgSQL one statement for Step.Apply, which splits a step's
// SQL at every semicolon that ends a line.
func oneStatement(sql string) string { return strings.ReplaceAll(sql, ";\n", "; ") }
