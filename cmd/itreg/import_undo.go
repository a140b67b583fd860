package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"itreg/models"
)

// importUndoCmd undoes a committed import (itreg import undo ID): exit 0 when undone, 1 when
// refused (records changed since, undone already, nothing to undo), 2 for a usage error.
func importUndoCmd(ctx context.Context, env *Env, args []string) int {
	fs := env.FlagSet("import undo")
	asJSON := fs.Bool("json", false, "print the result as JSON, as the API returns it")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: itreg import undo ID [--json]")
		fs.PrintDefaults()
	}
	arg, ok, code := oneFileArg(env, fs, "import undo", args)
	if !ok {
		return code
	}
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id <= 0 {
		fmt.Fprintf(env.Stderr, "itreg import undo: %q is no import id; give the number itreg import printed (import #ID)\n", arg)
		return exitUsage
	}
	st, err := env.OpenMigrated(ctx)
	if err != nil {
		return env.fail("import", err)
	}
	defer st.Close()
	res, err := st.UndoImport(models.WithActor(ctx, "cli"), id)
	var ce *models.ConflictError
	var fe *models.FieldError
	switch {
	case errors.As(err, &ce):
		fmt.Fprintf(env.Stderr, "itreg import undo: import #%d: %s\n", id, ce.Message)
		return exitFailure
	case errors.Is(err, models.ErrNotFound):
		fmt.Fprintf(env.Stderr, "itreg import undo: there is no import #%d\n", id)
		return exitFailure
	case errors.As(err, &fe):
		fmt.Fprintf(env.Stderr, "itreg import undo: %s\n", fe.Fields["id"])
		return exitFailure
	case err != nil:
		return env.fail("import", err)
	}
	if *asJSON {
		if err := json.NewEncoder(env.Stdout).Encode(res); err != nil {
			return env.fail("import", err)
		}
		return exitOK
	}
	fmt.Fprintf(env.Stdout, "import #%d undone: %d records removed, %d restored to their values before it\n", id, res.Removed, res.Restored)
	return exitOK
}
