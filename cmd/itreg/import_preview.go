package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"itreg/importers"
	"itreg/models"
)

// previewImport prints how FILE would be read (itreg import FILE --preview), with the saved
// import profiles (the one named, or any whose columns the file has); nothing is written.
// Exit 0, or 2 for a file or option error.
func previewImport(ctx context.Context, env *Env, path string, f *os.File, size int64, opt importers.Options, profile string, asJSON bool) int {
	st, err := env.OpenMigrated(ctx)
	if err != nil {
		return env.fail("import", err)
	}
	defer st.Close()
	if err := importers.UseProfiles(ctx, st, &opt, profile); err != nil {
		if errors.Is(err, models.ErrBadParam) {
			return usageError(env, err)
		}
		return env.fail("import", err)
	}
	if err := importers.UseCategories(ctx, st, &opt); err != nil {
		return env.fail("import", err)
	}
	res, err := importers.Preview(ctx, filepath.Base(path), f, size, opt)
	if err != nil {
		if errors.Is(err, models.ErrUnreadable) || errors.Is(err, models.ErrTooLarge) || errors.Is(err, models.ErrBadParam) ||
			errors.Is(err, models.ErrInvalid) {
			fmt.Fprintf(env.Stderr, "itreg import: %s: %v\n", path, err)
			return exitUsage
		}
		return env.fail("import", err)
	}
	if asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			return env.fail("import", err)
		}
		return exitOK
	}
	printPreview(env.Stdout, res)
	return exitOK
}

// printPreview writes a preview as a table per sheet.
func printPreview(w io.Writer, res *importers.PreviewResult) {
	fmt.Fprintf(w, "preview of %s (nothing written)\n", res.FileName)
	if res.Profile != nil {
		fmt.Fprintln(w, res.Profile.Message)
	}
	for _, sh := range res.Sheets {
		if sh.Kind == "" || sh.Problem != "" {
			fmt.Fprintf(w, "  sheet %s: skipped: %s\n", sh.Name, sh.Problem)
			continue
		}
		fmt.Fprintf(w, "  sheet %s (%s, header in row %d, %d rows)\n", sh.Name, sh.Kind, sh.HeaderRow, sh.Rows)
		for _, c := range sh.Columns {
			field := c.Field
			if field == "" {
				field = "(not imported)"
			}
			fmt.Fprintf(w, "    %-3s %-28q -> %-18s %-6s %s\n", c.Letter, c.Header, field, c.Confidence, c.Reason)
			if c.Parsed != "" {
				fmt.Fprintf(w, "        %s; e.g. %s\n", c.Parsed, strings.Join(c.Samples, " | "))
			}
			for i, u := range c.Unmatched {
				if i == 10 {
					fmt.Fprintf(w, "        ... and %d more values not understood\n", len(c.Unmatched)-10)
					break
				}
				fmt.Fprintf(w, "        not understood: %q x%d\n", u.Value, u.Count)
			}
		}
		if len(sh.MissingRequired) > 0 {
			fmt.Fprintf(w, "    required fields with no column: %s\n", strings.Join(sh.MissingRequired, ", "))
		}
		for _, c := range sh.Conflicts {
			fmt.Fprintf(w, "    %s\n", c.Message)
		}
		for _, f := range sh.Findings {
			fmt.Fprintf(w, "    %s\n", f)
		}
	}
}
