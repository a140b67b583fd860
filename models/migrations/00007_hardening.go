package migrations

// hardening records when an import was found interrupted (its process stopped beating its
// heartbeat: a crash, kill -9, so another process failed it), and widens the actor columns to
// hold the longest actor the code builds, "token:<name of 100> (<email of 254>)" (models.MaxActor).
var hardening = Step{Version: 7, Name: "hardening", SQL: `
ALTER TABLE import_runs ADD COLUMN interrupted_at {{ts}}
`, PostgresSQL: `
ALTER TABLE audit_events ALTER COLUMN actor TYPE VARCHAR(400);
ALTER TABLE import_runs ALTER COLUMN actor TYPE VARCHAR(400)
`}
