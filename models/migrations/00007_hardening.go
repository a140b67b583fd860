package migrations

// hardening records when an import was found interrupted: its process stopped beating its
// heartbeat (a crash, kill -9), so another process failed it.
var hardening = Step{Version: 7, Name: "hardening", SQL: `
ALTER TABLE import_runs ADD COLUMN interrupted_at {{ts}}
`}
