package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"itreg/importers"
	"itreg/importers/fields"
	"itreg/models"
)

// maxListedErrors is how many row errors the human summary prints.
const maxListedErrors = 20

// importCmd imports FILE: exit 0 when imported (or a clean dry run), 1 when rows are invalid
// (nothing written unless --skip-invalid, which imports the valid rows and still exits 1) or
// the import failed, 2 for a file or usage error.
func importCmd(ctx context.Context, env *Env, args []string) int {
	if len(args) > 0 && args[0] == "undo" {
		return importUndoCmd(ctx, env, args[1:])
	}
	fs := env.FlagSet("import")
	kind := fs.String("kind", "", "the kind of every sheet: "+strings.Join(fields.Kinds, ", ")+" (default: detected per sheet)")
	dryRun := fs.Bool("dry-run", false, "check everything, database included, and write nothing")
	skipInvalid := fs.Bool("skip-invalid", false, "import the valid rows and report the others")
	dateOrder := fs.String("date-order", "", "how to read dates such as 03/05/2024: dmy, mdy or ymd (default: ambiguous dates are errors)")
	currency := fs.String("currency", env.Config.Currency, "the currency of amounts that name none (ITREG_CURRENCY)")
	mappingFile := fs.String("mapping", "", "a JSON file mapping headers (or column letters) to fields, e.g. {\"S/N\": \"serial_number\"}")
	keepUnknown := fs.Bool("keep-unknown", false, "keep unknown device columns as custom fields")
	matchBy := fs.String("match-by", "", "the key that finds the stored device a row updates: asset_tag or serial_number (default: asset_tag)")
	emptyCells := fs.String("empty-cells", "", "what an empty cell does to a stored value: keep or clear (default: clear)")
	fiscalYear := fs.Int("fiscal-year", 0, "the fiscal year of budget lines whose rows name none (default: the current one)")
	errorsOut := fs.String("errors-out", "", "write the invalid rows to this XLSX workbook, with an Errors column, to fix and import again")
	asJSON := fs.Bool("json", false, "print the result as JSON, as the API returns it")
	profile := fs.String("profile", "", "read the file with this saved import profile (default: a profile whose columns the file has)")
	preview := fs.Bool("preview", false, "show how the file would be read (columns, fields, samples, parse summary) and write nothing")
	valueMap := fs.String("value-map", "", "a JSON file mapping enum values per field, e.g. {\"category\": {\"Blade Chassis\": \"server\"}}")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: itreg import FILE [--kind K] [--dry-run] [--skip-invalid] [--date-order dmy|mdy|ymd]\n"+
			"                    [--currency CODE] [--mapping FILE.json] [--value-map FILE.json] [--keep-unknown] [--errors-out FILE.xlsx] [--json]\n"+
			"                    [--preview] [--profile NAME] [--match-by asset_tag|serial_number] [--empty-cells keep|clear]")
		fs.PrintDefaults()
	}
	path, ok, code := oneFileArg(env, fs, "import", args)
	if !ok {
		return code
	}
	values := map[string]string{"kind": *kind, "dry_run": strconv.FormatBool(*dryRun), "skip_invalid": strconv.FormatBool(*skipInvalid),
		"keep_unknown": strconv.FormatBool(*keepUnknown), "date_order": *dateOrder, "currency": *currency,
		"match_by": *matchBy, "empty_cells": *emptyCells}
	if *fiscalYear != 0 {
		values["fiscal_year"] = strconv.Itoa(*fiscalYear)
	}
	if *mappingFile != "" {
		b, err := os.ReadFile(*mappingFile)
		if err != nil {
			return usageError(env, err)
		}
		values["mapping"] = string(b)
	}
	if *valueMap != "" {
		b, err := os.ReadFile(*valueMap)
		if err != nil {
			return usageError(env, err)
		}
		values["value_map"] = string(b)
	}
	opt, err := importers.ParseOptions(importers.Options{Actor: "cli", FiscalYearStart: env.Config.FiscalYearStart}, values)
	if err != nil {
		return usageError(env, err)
	}
	f, err := os.Open(path)
	if err != nil {
		return usageError(env, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return usageError(env, err)
	}
	if fi.IsDir() {
		return usageError(env, fmt.Errorf("%s is a directory, not a spreadsheet", path))
	}
	if limit := env.Config.MaxUploadBytes(); limit > 0 && fi.Size() > limit {
		return usageError(env, fmt.Errorf("%s is %d MB, over the limit of %d MB (ITREG_MAX_UPLOAD_MB)", path, fi.Size()>>20, limit>>20))
	}
	if *preview {
		return previewImport(ctx, env, path, f, fi.Size(), opt, *profile, *asJSON)
	}
	if isTerminal(env.Stderr) {
		start := time.Now()
		last := time.Time{}
		opt.Progress = func(done, _ int) {
			if time.Since(last) < 200*time.Millisecond {
				return
			}
			last = time.Now()
			fmt.Fprintf(env.Stderr, "\r%s: %d rows read (%s)", path, done, time.Since(start).Round(time.Second))
		}
	}
	st, err := env.OpenMigrated(ctx)
	if err != nil {
		return env.fail("import", err)
	}
	defer st.Close()
	// Any process that looks fails the runs a crashed process left running.
	if n, err := st.MarkStaleRunningFailed(ctx, models.ImportStaleAfter); err != nil {
		env.Log.Warn("could not fail interrupted imports", "err", err)
	} else if n > 0 {
		env.Log.Info("failed interrupted imports", "runs", n)
	}
	if err := importers.UseProfiles(ctx, st, &opt, *profile); err != nil {
		return env.fail("import", err) // a profile that does not fit is a usage error (exit 2)
	}
	res, err := importers.Import(ctx, st, filepath.Base(path), f, fi.Size(), opt)
	if opt.Progress != nil {
		fmt.Fprint(env.Stderr, "\r\033[K")
	}
	if err != nil {
		return env.fail("import", fmt.Errorf("%s: %w", path, err))
	}
	if *errorsOut != "" && len(res.Errors) > 0 {
		werr := writeFileAtomic(*errorsOut, true, func(w io.Writer) error {
			return importers.WriteErrorWorkbook(w, filepath.Base(path), f, fi.Size(), res, opt)
		})
		if werr != nil {
			return env.fail("import", fmt.Errorf("write %s: %w", *errorsOut, werr))
		}
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			return env.fail("import", err)
		}
	} else {
		printSummary(env.Stdout, res, *errorsOut)
	}
	if res.Status == models.ImportSucceeded && res.Counts.Failed == 0 {
		return exitOK
	}
	return exitFailure
}

// printSummary writes what an import did, per sheet, and its first errors.
func printSummary(w io.Writer, res *importers.Result, errorsOut string) {
	verb := "imported"
	switch {
	case res.DryRun:
		verb = "checked (dry run, nothing written)"
	case res.Status != models.ImportSucceeded:
		verb = "nothing written"
	case res.Counts.Failed > 0:
		verb = "the valid rows imported"
	}
	fmt.Fprintf(w, "import #%d of %s: %s, %s\n", res.ID, res.FileName, res.Status, verb)
	for _, sh := range res.Sheets {
		if sh.Kind == "" {
			fmt.Fprintf(w, "  sheet %s: skipped (no table found)\n", sh.Name)
			continue
		}
		c := sh.Counts
		header := fmt.Sprintf("header in row %d", sh.HeaderRow)
		if sh.HeaderRow == 0 {
			header = "no header row, columns mapped by position"
		}
		fmt.Fprintf(w, "  sheet %s (%s, %s): %d rows: %d created, %d updated, %d unchanged, %d invalid\n",
			sh.Name, sh.Kind, header, c.Rows, c.Created, c.Updated, c.Unchanged, c.Failed)
		if len(sh.Unknown) > 0 {
			fmt.Fprintf(w, "    columns not imported: %s\n", strings.Join(sh.Unknown, ", "))
		}
	}
	if res.Message != "" {
		fmt.Fprintln(w, res.Message)
	}
	for i, e := range res.Errors {
		if i == maxListedErrors {
			fmt.Fprintf(w, "... and %d more errors", len(res.Errors)-maxListedErrors)
			if errorsOut == "" {
				fmt.Fprint(w, " (--errors-out FILE.xlsx writes them all to a workbook to fix)")
			}
			fmt.Fprintln(w)
			break
		}
		fmt.Fprintln(w, "  "+describe(e))
	}
	if errorsOut != "" && len(res.Errors) > 0 {
		fmt.Fprintf(w, "the invalid rows are in %s: fix them there and import that file\n", errorsOut)
	}
}

// describe formats one row error: Sheet Devices, row 12, column "Purchase Date": "31/02/2024" is not a date.
func describe(e importers.RowError) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Sheet %s", e.Sheet)
	if e.Row > 0 {
		fmt.Fprintf(&b, ", row %d", e.Row)
	}
	if e.Column != "" {
		fmt.Fprintf(&b, ", column %q", e.Column)
	}
	b.WriteString(": " + e.Message)
	return b.String()
}

// oneFileArg parses the flags and the one FILE argument, which may come before, between or
// after the flags.
func oneFileArg(env *Env, fs *flag.FlagSet, cmd string, args []string) (string, bool, int) {
	var rest []string
	for {
		if ok, code := parseFlags(fs, args); !ok {
			return "", false, code
		}
		if fs.NArg() == 0 {
			break
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(rest) != 1 {
		fmt.Fprintf(env.Stderr, "itreg %s: give exactly one file\n", cmd)
		fs.Usage()
		return "", false, exitUsage
	}
	return rest[0], true, exitOK
}

// usageError prints err and returns the usage exit code.
func usageError(env *Env, err error) int {
	fmt.Fprintf(env.Stderr, "itreg import: %v\n", err)
	return exitUsage
}
