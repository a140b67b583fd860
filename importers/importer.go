// Package importers turns spreadsheets (XLSX and CSV) into register records.
//
// Import reads a file with package sheet, finds each sheet's kind and header row, maps its
// columns with package fields, parses and validates every row, resolves natural keys and
// references against the database in bulk, and upserts the rows in one transaction. Every
// run is recorded as a models.ImportRun, dry runs included.
//
// This file is the pipeline's outline, read top to bottom (options, the run record, reading,
// checking, writing, heartbeats); it is a little over 500 lines because splitting the outline
// would scatter one story over files. Each kind's details live in its own file.
package importers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"itreg/importers/fields"
	"itreg/importers/sheet"
	"itreg/models"
)

// Counts adds up what happened to the rows of a sheet or a file.
type Counts struct {
	Rows      int `json:"rows"`
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Failed    int `json:"failed"`
}

// add adds o to c.
func (c *Counts) add(o Counts) {
	c.Rows += o.Rows
	c.Created += o.Created
	c.Updated += o.Updated
	c.Unchanged += o.Unchanged
	c.Failed += o.Failed
}

// RowError is one problem with one row (or one sheet, when Row is 0), in plain words.
type RowError struct {
	Sheet   string `json:"sheet"`
	Row     int    `json:"row"`              // the row number as Excel shows it; 0 for the sheet as a whole
	Column  string `json:"column,omitempty"` // the column header as the file has it
	Value   string `json:"value,omitempty"`  // the offending value as the file has it
	Message string `json:"message"`
}

// ColumnMapping says which field a column of the file fills.
type ColumnMapping struct {
	Header string `json:"header"`
	Field  string `json:"field"`
}

// SheetResult is what happened to one sheet.
type SheetResult struct {
	Name      string          `json:"name"`
	Kind      string          `json:"kind"`       // "" when the sheet was skipped
	HeaderRow int             `json:"header_row"` // the Excel row number of the header; 0 when none was found or a positional mapping was used
	Columns   []ColumnMapping `json:"columns"`
	Unknown   []string        `json:"unknown"` // headers that name no field
	// Ignored explains the columns left out because an earlier column holds the same field
	// (a repeated header, or two synonyms such as "Serial" and "Service Tag").
	Ignored []string `json:"ignored"`
	// Findings are about whole columns: an optional column whose values mostly do not fit its
	// field, left out instead of failing every row ("`Warranty` holds YES/NO, not a number of months").
	Findings []string `json:"findings"`
	Counts   Counts   `json:"counts"`
}

// Result is the outcome of one import, as the API returns it.
type Result struct {
	ID          int64         `json:"id"`
	Status      string        `json:"status"`
	FileName    string        `json:"file_name"`
	SHA256      string        `json:"sha256"`
	Kind        string        `json:"kind"`
	DryRun      bool          `json:"dry_run"`
	SkipInvalid bool          `json:"skip_invalid"`
	Sheets      []SheetResult `json:"sheets"`
	Counts      Counts        `json:"counts"`
	Errors      []RowError    `json:"errors"`
	Message     string        `json:"message"`
	// Profile says which import profile was used ("using profile X"), or which named profile
	// could not be, and why.
	Profile    *ProfileUse `json:"profile,omitempty"`
	CreatedAt  time.Time   `json:"created_at"`
	FinishedAt *time.Time  `json:"finished_at"`
}

// batchSize is how many rows are resolved and written together: one lookup per natural key
// kind, one COPY and one audit COPY per batch. Memory stays flat however long the file is.
const batchSize = 5000

// maxErrors caps the row errors a Result carries; the rest are counted in Message.
const maxErrors = models.MaxStoredImportErrors

// errRollback ends the transaction of a dry run or of an invalid all-or-nothing import.
var errRollback = errors.New("rollback")

// Import reads the file, maps and validates every row, checks the database (natural keys,
// references), and (unless DryRun) upserts all-or-nothing in one transaction (or the valid
// rows with SkipInvalid). It records an ImportRun (also for dry runs) and returns the Result.
// A file-level problem (unreadable, limits) returns an error wrapping models.ErrUnreadable or
// models.ErrTooLarge, and nothing is written; wrong options return a *models.ParamError.
// Rows that are invalid are not an error: the Result's status is "invalid" and its Errors
// say what is wrong with each.
func Import(ctx context.Context, st *models.Store, name string, r io.ReaderAt, size int64, opt Options) (*Result, error) {
	return importFile(ctx, st, nil, name, r, size, opt)
}

// RunQueued imports into an existing run record (a queued job the worker claimed): like
// Import, but the run's id names the audit events and the run record is updated, not created.
// Options come from OptionsOf(run) plus the caller's Limits and Progress.
func RunQueued(ctx context.Context, st *models.Store, run *models.ImportRun, r io.ReaderAt, size int64, opt Options) (*Result, error) {
	return importFile(ctx, st, run, run.FileName, r, size, opt)
}

func importFile(ctx context.Context, st *models.Store, run *models.ImportRun, name string, r io.ReaderAt, size int64, opt Options) (*Result, error) {
	if err := CheckOptions(opt); err != nil {
		return nil, err
	}
	vm, err := normalizeValueMap(opt.ValueMap)
	if err != nil {
		return nil, err
	}
	opt.ValueMap = vm
	opt.Kind = fields.CanonicalKind(opt.Kind)
	if opt.Categories == nil {
		if opt.Categories, err = st.Categories(ctx); err != nil {
			return nil, err
		}
	}
	newCats := resolveCategoryTargets(opt.ValueMap, opt.Categories)
	sum := sha256.New()
	if _, err := io.Copy(sum, io.NewSectionReader(r, 0, size)); err != nil {
		return nil, &sheet.FileError{Msg: "the file cannot be read: " + err.Error(), Err: err}
	}
	res := &Result{FileName: name, SHA256: hex.EncodeToString(sum.Sum(nil)), Kind: opt.Kind, DryRun: opt.DryRun,
		SkipInvalid: opt.SkipInvalid, Sheets: []SheetResult{}, Errors: []RowError{}, Status: models.ImportRunning}
	book, err := sheet.Open(name, r, size, opt.Limits)
	if err != nil {
		return nil, failRun(ctx, st, run, err)
	}
	defer book.Close()
	if opt, res.Profile, err = applyProfile(book, opt); err != nil {
		return nil, failRun(ctx, st, run, err)
	}
	res.Kind = opt.Kind
	var plans []*plan
	for _, info := range book.Sheets {
		p, err := planSheet(book, info, &opt)
		if err != nil {
			return nil, failRun(ctx, st, run, err)
		}
		plans = append(plans, p)
	}
	if err := emptyFile(name, plans); err != nil {
		return nil, failRun(ctx, st, run, err)
	}
	if run == nil {
		run = &models.ImportRun{FileName: name, Status: models.ImportRunning}
		fillRun(run, res, &opt, size)
		if err := st.CreateImportRun(ctx, run); err != nil {
			return nil, err
		}
		defer beatRun(ctx, st, run.ID)()
	}
	res.ID, res.CreatedAt = run.ID, run.CreatedAt
	actx := models.WithActor(ctx, fmt.Sprintf("import #%d", run.ID))
	err = st.WithImportTx(actx, lockNames(plans), func(tx *models.Store) error {
		s := &session{ctx: actx, tx: tx, opt: &opt, res: res, vendors: map[string]int64{}, newCats: newCats, madeCat: map[string]bool{},
			budget: map[string][]models.BudgetLine{}, seen: map[string]int{}}
		if err := s.importSheets(book, plans); err != nil {
			return err
		}
		if opt.DryRun || (s.invalid && !opt.SkipInvalid) {
			return errRollback
		}
		return nil
	})
	if errors.Is(err, errRollback) {
		err = nil
	}
	finish(res, st)
	switch {
	case err == nil:
	case errors.Is(err, models.ErrUnreadable) || errors.Is(err, models.ErrTooLarge):
		return nil, failRun(ctx, st, run, err)
	case errors.Is(err, models.ErrConflict):
		// Another import or a user got there first (the unique constraints are the backstop).
		res.Status = models.ImportFailed
		res.Message = "nothing was imported: " + err.Error() + "; the register changed while importing, run the import again"
		err = nil
	default:
		res.Status = models.ImportFailed
		res.Message = "nothing was imported: " + err.Error()
	}
	fillRun(run, res, &opt, size)
	if uerr := st.UpdateImportRun(ctx, run); uerr != nil && err == nil {
		err = uerr
	}
	if err != nil {
		return res, err
	}
	return res, nil
}

// emptyFile reports a file with no rows at all as unreadable.
func emptyFile(name string, plans []*plan) error {
	for _, p := range plans {
		if !p.empty {
			return nil
		}
	}
	return &sheet.FileError{Msg: fmt.Sprintf("%s is empty: it has no rows to import", baseName(name))}
}

func baseName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		return name[i+1:]
	}
	return name
}

// lockNames lists the advisory locks an import takes: the kinds its sheets hold, and vendors
// (created on the fly) and devices (manufacturer warranties) that they touch.
func lockNames(plans []*plan) []string {
	names := []string{fields.KindVendor}
	for _, p := range plans {
		if p.kind != "" {
			names = append(names, p.kind)
		}
		if p.kind == fields.KindDevice {
			names = append(names, fields.KindWarranty)
		}
	}
	return names
}

// failRun records a run that could not read its file (when the run exists already) and
// returns the error.
func failRun(ctx context.Context, st *models.Store, run *models.ImportRun, err error) error {
	if run == nil || run.ID == 0 {
		return err
	}
	now := st.Now().UTC()
	run.Status, run.Message, run.FinishedAt = models.ImportFailed, err.Error(), &now
	if uerr := st.UpdateImportRun(ctx, run); uerr != nil {
		return errors.Join(err, uerr)
	}
	return err
}

// finish sets the status and totals of a result.
func finish(res *Result, st *models.Store) {
	res.Counts = Counts{}
	for _, sh := range res.Sheets {
		res.Counts.add(sh.Counts)
	}
	now := st.Now().UTC()
	res.FinishedAt = &now
	switch {
	case res.Counts.Failed > 0 && !res.SkipInvalid:
		res.Status = models.ImportInvalid
		if res.Message == "" {
			res.Message = fmt.Sprintf("%d of %d rows are invalid; nothing was imported", res.Counts.Failed, res.Counts.Rows)
		}
	case len(res.Errors) > 0 && !res.SkipInvalid:
		// A problem with a sheet rather than a row (no table, a second table): the
		// transaction was rolled back all the same.
		res.Status = models.ImportInvalid
		if res.Message == "" {
			res.Message = "the file has problems listed in the errors; nothing was imported"
		}
	case len(res.Errors) > 0 && res.Counts.Rows == 0:
		res.Status = models.ImportInvalid
	default:
		res.Status = models.ImportSucceeded
	}
	if res.DryRun && res.Message == "" {
		res.Message = "dry run: nothing was written"
	}
	if len(res.Errors) >= maxErrors && res.Counts.Failed > len(res.Errors) {
		res.Message += fmt.Sprintf(" (the first %d errors are listed)", len(res.Errors))
	}
}

// fillRun copies a result into its run record.
func fillRun(run *models.ImportRun, res *Result, opt *Options, size int64) {
	o, _ := json.Marshal(storedOptions{Kind: opt.Kind, DryRun: opt.DryRun, SkipInvalid: opt.SkipInvalid,
		DateOrder: opt.DateOrder.String(), Currency: opt.Currency, Mapping: opt.Mapping, ValueMap: opt.ValueMap, KeepUnknown: opt.KeepUnknown,
		MatchBy: opt.MatchBy, KeepBlank: opt.KeepBlank, SheetMapping: opt.SheetMapping, FiscalYearStart: opt.FiscalYearStart, FiscalYear: opt.FiscalYear})
	run.Options = string(o)
	run.FileName, run.SHA256, run.Size, run.Kind = res.FileName, res.SHA256, size, res.Kind
	if run.Actor == "" {
		run.Actor = opt.Actor
	}
	run.DryRun, run.SkipInvalid, run.Status = res.DryRun, res.SkipInvalid, res.Status
	run.Rows, run.Created, run.Updated = int64(res.Counts.Rows), int64(res.Counts.Created), int64(res.Counts.Updated)
	run.Unchanged, run.Failed = int64(res.Counts.Unchanged), int64(res.Counts.Failed)
	run.Message, run.FinishedAt = res.Message, res.FinishedAt
	errs, _ := json.Marshal(res.Errors)
	run.Errors = string(errs)
	run.ErrorsOmitted = int64(max(0, res.Counts.Failed-len(res.Errors)))
	whole := *res
	whole.Errors = nil
	b, _ := json.Marshal(whole)
	run.Result = string(b)
}

// importSheets imports every sheet with a kind, in the order references need.
func (s *session) importSheets(book *sheet.Book, plans []*plan) error {
	sorted := slices.Clone(plans)
	slices.SortStableFunc(sorted, func(a, b *plan) int {
		return slices.Index(kindOrder, a.kind) - slices.Index(kindOrder, b.kind)
	})
	importable := 0
	for _, p := range plans {
		if p.problem == nil && !p.empty {
			importable++
		}
	}
	for _, p := range plans {
		sr := SheetResult{Name: p.info.Name, Kind: p.kind, HeaderRow: p.headerRow, Columns: []ColumnMapping{}, Unknown: []string{},
			Ignored: []string{}, Findings: []string{}}
		if p.problem == nil && !p.empty {
			sr.Columns, sr.Unknown, sr.Ignored = p.columnMappings(), p.unknownHeaders(), p.ignoredColumns()
			sr.Findings = append(sr.Findings, p.findings...)
		} else {
			sr.Kind = ""
		}
		s.res.Sheets = append(s.res.Sheets, sr)
		// A sheet that cannot be read as a table is an error when nothing else in the file
		// is, or when it was meant to be imported (a forced kind or a name such as "Devices").
		if p.problem != nil && (importable == 0 || p.kind != "") {
			s.addErrors(RowError{Sheet: p.info.Name, Message: p.problem.Error()})
			s.invalid = true
		}
	}
	for _, p := range sorted {
		if p.problem != nil || p.empty {
			continue
		}
		if err := s.importSheet(book, p); err != nil {
			return err
		}
	}
	if s.res.Sheets != nil {
		total := 0
		for _, sh := range s.res.Sheets {
			total += sh.Counts.Rows
		}
		if total == 0 && !s.invalid {
			s.addErrors(RowError{Sheet: s.res.Sheets[0].Name, Message: "the file has a header row but no data rows to import"})
			s.invalid = true
		}
	}
	return nil
}

// sheetResult returns the result entry of a sheet.
func (s *session) sheetResult(name string) *SheetResult {
	for i := range s.res.Sheets {
		if s.res.Sheets[i].Name == name {
			return &s.res.Sheets[i]
		}
	}
	return nil
}

// addErrors appends row errors up to the cap.
func (s *session) addErrors(errs ...RowError) {
	for _, e := range errs {
		if len(s.res.Errors) < maxErrors {
			s.res.Errors = append(s.res.Errors, e)
		}
	}
}

// importSheet streams one sheet's data rows in batches. A goroutine reads and parses the
// next batch while this one resolves and writes the current one, so parsing overlaps the
// database's work.
func (s *session) importSheet(book *sheet.Book, p *plan) error {
	sr := s.sheetResult(p.info.Name)
	type batchOrErr struct {
		rows  []*parsed
		err   error
		other *RowError // the sheet holds a second table from this row on
	}
	batches := make(chan batchOrErr, 1)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(batches)
		send := func(b batchOrErr) bool {
			select {
			case batches <- b:
				return true
			case <-stop:
				return false
			}
		}
		batch := make([]*parsed, 0, batchSize)
		var other *RowError
		last, afterGap := 0, false // a second table starts after blank rows: only check there
		for row, err := range book.Rows(p.info.Index) {
			if err != nil {
				send(batchOrErr{err: err})
				return
			}
			if other != nil {
				other.Value = strconv.Itoa(row.Number - other.Row) // rows below it, counted for the message
				continue
			}
			afterGap = afterGap || row.Number > last+1
			last = row.Number
			if row.Number <= p.headerRow {
				afterGap = false
				continue
			}
			if blankRow(p, row.Cells) {
				afterGap = true
				continue
			}
			if repeatedHeader(p, row.Cells) {
				continue
			}
			if afterGap {
				if other = anotherTable(p, row); other != nil {
					continue
				}
			}
			afterGap = false
			batch = append(batch, parseRow(p, s.opt, row))
			if len(batch) == batchSize {
				if !send(batchOrErr{rows: batch}) {
					return
				}
				batch = make([]*parsed, 0, batchSize)
			}
		}
		if len(batch) > 0 && !send(batchOrErr{rows: batch}) {
			return
		}
		if other != nil {
			below := other.Value
			other.Value = ""
			other.Message += fmt.Sprintf("; it and the %s rows below it were not read: move that table to a sheet of its own", below)
			send(batchOrErr{other: other})
		}
	}()
	for b := range batches {
		if b.err != nil {
			return b.err
		}
		if b.other != nil {
			s.addErrors(*b.other)
			s.invalid = true
			continue
		}
		if err := s.flush(p, sr, b.rows); err != nil {
			return err
		}
	}
	return nil
}

// flush resolves and writes one batch and counts what happened to its rows.
func (s *session) flush(p *plan, sr *SheetResult, batch []*parsed) error {
	if len(batch) == 0 {
		return nil
	}
	if err := s.ensureVendors(batch); err != nil {
		return err
	}
	if err := s.ensureBudgetLines(batch); err != nil {
		return err
	}
	if err := s.ensureCategories(p, sr, batch); err != nil {
		return err
	}
	var out outcome
	var err error
	switch p.kind {
	case fields.KindDevice:
		out, err = upsertBatch(s, p, batch, &deviceBatch{s: s, p: p})
	case fields.KindLicence:
		out, err = upsertBatch(s, p, batch, &licenceBatch{s: s, p: p})
	case fields.KindWarranty:
		out, err = upsertBatch(s, p, batch, &warrantyBatch{s: s, p: p})
	case fields.KindVendor:
		out, err = upsertBatch(s, p, batch, &vendorBatch{s: s, p: p})
	default:
		out, err = upsertBatch(s, p, batch, &budgetLineBatch{s: s, p: p})
	}
	if err != nil {
		return err
	}
	if err := s.tx.BulkAudit(s.ctx, s.pending); err != nil {
		return err
	}
	s.pending = s.pending[:0]
	failed := 0
	for _, r := range batch {
		if len(r.errs) > 0 {
			failed++
			s.addErrors(r.errs...)
		}
		r.cells, r.rec = nil, nil
	}
	if failed > 0 {
		s.invalid = true
	}
	sr.Counts.add(Counts{Rows: len(batch), Created: out.created, Updated: out.updated, Unchanged: out.unchanged, Failed: failed})
	s.done += len(batch)
	if s.opt.Progress != nil {
		s.opt.Progress(s.done, s.total)
	}
	return nil
}
