package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"itreg/models"
	"itreg/reports"
)

// reportFlags maps each command-line flag to the report query parameter it sets.
var reportFlags = []struct{ flag, param, help string }{
	{"as-of", "as_of", "the day the report treats as today, YYYY-MM-DD (default today)"},
	{"within", "within", "horizon in days, 0-3650 (default per report)"},
	{"fiscal-year", "fiscal_year", "fiscal year, named by the year it ends (default the one as-of falls in)"},
	{"department", "department", "only this department"},
	{"category", "category", "only this device category"},
	{"vendor-id", "vendor_id", "only this vendor (id)"},
	{"budget-line-id", "budget_line_id", "only this budget line (id)"},
}

// report renders one report to stdout or a file.
func report(ctx context.Context, env *Env, args []string) int {
	fs := env.FlagSet("report")
	format := fs.String("format", "", "json, csv, xlsx or ics (default: from --out's extension, else json)")
	out := fs.String("out", "", "write to this file instead of stdout")
	values := map[string]*string{}
	for _, f := range reportFlags {
		values[f.param] = fs.String(f.flag, "", f.help)
	}
	fs.Usage = func() { reportUsage(fs.Output(), fs) }
	// The report name may come before or after the flags.
	var name string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if ok, code := parseFlags(fs, args); !ok {
		return code
	}
	if name == "" && fs.NArg() > 0 {
		name = fs.Arg(0)
	} else if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "itreg report: unexpected arguments %q\n", fs.Args())
		return exitUsage
	}
	if name == "" {
		reportUsage(env.Stderr, fs)
		return exitUsage
	}
	r, ok := reports.Lookup(name)
	if !ok {
		fmt.Fprintf(env.Stderr, "itreg report: no report %q; the reports are %s\n", name, strings.Join(reports.Names(), ", "))
		return exitUsage
	}
	if *format == "" {
		*format = "json"
		if ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), "."); slices.Contains(reports.Formats, ext) {
			*format = ext
		}
	}
	if !slices.Contains(r.Formats(), *format) {
		fmt.Fprintf(env.Stderr, "itreg report: report %s renders as %s, not %q\n", name, strings.Join(r.Formats(), ", "), *format)
		return exitUsage
	}
	if *out == "" && *format == "xlsx" && isTerminal(env.Stdout) {
		fmt.Fprintln(env.Stderr, "itreg report: an xlsx workbook is binary; write it to a file with --out report.xlsx or redirect stdout")
		return exitUsage
	}
	q := url.Values{}
	fs.Visit(func(f *flag.Flag) {
		for _, rf := range reportFlags {
			if rf.flag == f.Name {
				q.Set(rf.param, *values[rf.param])
			}
		}
	})
	// The parameters are checked before the database is opened; the store's clock is the
	// wall clock outside tests, so today is today's UTC date either way.
	defaults := reports.Params{AsOf: models.DateOf(time.Now().UTC()), Currency: env.Config.Currency, FiscalYearStart: env.Config.FiscalYearStart}
	p, err := reports.ParseParams(r, q, defaults)
	if err != nil {
		return env.fail("report", flagError(err))
	}
	st, err := env.OpenStore(ctx)
	if err != nil {
		return env.fail("report", err)
	}
	defer st.Close()
	if err := st.CheckSchema(ctx); err != nil {
		return env.fail("report", err)
	}
	t, err := r.Build(ctx, st, p)
	if err != nil {
		return env.fail("report", err)
	}
	if *out == "" {
		if err := reports.Render(env.Stdout, t, *format); err != nil {
			return env.fail("report", err)
		}
		return exitOK
	}
	if err := writeFileAtomic(*out, false, func(w io.Writer) error { return reports.Render(w, t, *format) }); err != nil {
		return env.fail("report", err)
	}
	fmt.Fprintf(env.Stderr, "itreg report: wrote %s\n", *out)
	return exitOK
}

// flagError names a bad report parameter by its flag (--as-of, not as_of).
func flagError(err error) error {
	var pe *models.ParamError
	if errors.As(err, &pe) {
		return &models.ParamError{Param: "--" + strings.ReplaceAll(pe.Param, "_", "-"), Message: pe.Message}
	}
	return err
}

// isTerminal reports whether w is a terminal, where a binary workbook would be garbage.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// reportUsage prints the command's usage and the reports with their parameters.
func reportUsage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintln(w, "usage: itreg report NAME [--format json|csv|xlsx|ics] [--out FILE] [--as-of YYYY-MM-DD] [--within N]\n"+
		"                    [--fiscal-year YYYY] [--department D] [--category C]")
	fmt.Fprintln(w, "\nReports:")
	for _, r := range reports.All() {
		params := make([]string, len(r.Params))
		for i, p := range r.Params {
			params[i] = "--" + strings.ReplaceAll(p, "_", "-")
		}
		within := ""
		if r.DefaultWithin > 0 {
			within = " (within defaults to " + strconv.Itoa(r.DefaultWithin) + " days)"
		}
		fmt.Fprintf(w, "  %-20s %s\n  %-20s flags: %s%s; formats: %s\n", r.Name, r.Title, "", strings.Join(params, " "), within, strings.Join(r.Formats(), ", "))
	}
	fmt.Fprintln(w, "\nFlags:")
	fs.PrintDefaults()
}
