package importers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"

	"itreg/importers/fields"
	"itreg/importers/sheet"
)

// previewSamples is how many sample values a preview shows per column.
const previewSamples = 5

// PreviewResult is how a file would be read, sheet by sheet, before any dry run: the first step
// of the import wizard. A page renders it as it is; nothing is written.
type PreviewResult struct {
	FileName string `json:"file_name"`
	SHA256   string `json:"sha256"`
	// Profile says which import profile the preview applied ("using profile X"), or which named
	// profile it did not apply and the columns the file lacks.
	Profile *ProfileUse    `json:"profile,omitempty"`
	Sheets  []PreviewSheet `json:"sheets"`
}

// PreviewSheet is how one sheet would be read.
type PreviewSheet struct {
	Name      string          `json:"name"`
	Kind      string          `json:"kind"`       // "" when the sheet would be skipped
	HeaderRow int             `json:"header_row"` // the Excel row number of the header; 0 when none
	Rows      int             `json:"rows"`       // data rows below the header
	Problem   string          `json:"problem,omitempty"`
	Columns   []PreviewColumn `json:"columns"`
	// MissingRequired are the kind's required fields that no column holds.
	MissingRequired []string `json:"missing_required"`
	// Conflicts are fields two or more columns mean; the user chooses with a mapping.
	Conflicts []FieldConflict `json:"conflicts"`
	// Unmapped are the headers of columns that would not be imported.
	Unmapped []string `json:"unmapped"`
	// Findings are about whole columns (a column whose values do not fit its field).
	Findings []string `json:"findings"`
}

// PreviewColumn is one column: what it maps to, why, and what its values parse as.
type PreviewColumn struct {
	Letter string `json:"letter"`
	Header string `json:"header"`
	// Field is the field the column fills, "" when it is not imported.
	Field string `json:"field"`
	// Confidence is high (the field's own name, or mapped explicitly), medium (a synonym),
	// low (one part of a compound header), or "" when unmapped.
	Confidence string `json:"confidence"`
	Reason     string `json:"reason"`
	// Suggested is the field the header names when the column is left out (a conflict lost, or
	// values that do not fit); the user may map it back.
	Suggested string `json:"suggested,omitempty"`
	// Custom says the column is kept as a custom field of each device.
	Custom bool `json:"custom,omitempty"`
	// DateOrder and Currency are what the column's header or its mapping target declares for
	// its values ("Bought (MM/DD/YYYY)" is mdy, "Cost (USD)" or a target "purchase_cost (USD)"
	// is USD), overriding the file's date_order and currency for this column; "" when neither
	// says.
	DateOrder string       `json:"date_order,omitempty"`
	Currency  string       `json:"currency,omitempty"`
	Samples   []string     `json:"samples"`
	Parsed    string       `json:"parsed"` // "312 dates, 3 ambiguous day/month, 1 not a date"
	Counts    ParseCounts  `json:"counts"`
	Unmatched []ValueCount `json:"unmatched,omitempty"` // enum columns: distinct values not understood, with counts
}

// ParseCounts are the numbers behind PreviewColumn.Parsed.
type ParseCounts struct {
	NonEmpty  int `json:"non_empty"`
	Parsed    int `json:"parsed"`
	Ambiguous int `json:"ambiguous"`
	Failed    int `json:"failed"`
}

// FieldConflict is one field that several columns mean.
type FieldConflict struct {
	Field   string   `json:"field"`
	Columns []string `json:"columns"` // the headers, in file order
	Chosen  string   `json:"chosen"`  // the header the import would read, "" for none
	Message string   `json:"message"`
}

// Preview reads the file as Import would (same options, limits and file errors) and says, per
// sheet, how it would be mapped and what parsing every column gives, without touching the
// database. It reads every row once.
func Preview(ctx context.Context, name string, r io.ReaderAt, size int64, opt Options) (*PreviewResult, error) {
	if err := CheckOptions(opt); err != nil {
		return nil, err
	}
	vm, err := normalizeValueMap(opt.ValueMap)
	if err != nil {
		return nil, err
	}
	opt.ValueMap, opt.Kind = vm, fields.CanonicalKind(opt.Kind)
	sum := sha256.New()
	if _, err := io.Copy(sum, io.NewSectionReader(r, 0, size)); err != nil {
		return nil, &sheet.FileError{Msg: "the file cannot be read: " + err.Error(), Err: err}
	}
	book, err := sheet.Open(name, r, size, opt.Limits)
	if err != nil {
		return nil, err
	}
	defer book.Close()
	res := &PreviewResult{FileName: name, SHA256: hex.EncodeToString(sum.Sum(nil)), Sheets: []PreviewSheet{}}
	if opt, res.Profile, err = applyProfile(book, opt); err != nil {
		return nil, err
	}
	var plans []*plan
	for _, info := range book.Sheets {
		p, err := planSheet(book, info, &opt)
		if err != nil {
			return nil, err
		}
		plans = append(plans, p)
	}
	if err := emptyFile(name, plans); err != nil {
		return nil, err
	}
	for _, p := range plans {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ps, err := previewSheet(book, p, &opt)
		if err != nil {
			return nil, err
		}
		res.Sheets = append(res.Sheets, ps)
	}
	return res, nil
}

// previewSheet reads every data row of a sheet and sums up each column.
func previewSheet(b *sheet.Book, p *plan, opt *Options) (PreviewSheet, error) {
	ps := PreviewSheet{Name: p.info.Name, Kind: p.kind, HeaderRow: p.headerRow, Columns: []PreviewColumn{},
		MissingRequired: []string{}, Conflicts: []FieldConflict{}, Unmapped: []string{}, Findings: []string{}}
	if p.empty {
		ps.Kind, ps.Problem = "", "the sheet is empty"
		return ps, nil
	}
	if p.problem != nil {
		ps.Problem = p.problem.Error()
		return ps, nil
	}
	m := p.header.Mapping
	suggested := map[int]string{}
	for _, d := range m.Duplicates {
		suggested[d.Column.Index] = d.Column.Field
	}
	for _, c := range p.unfitField {
		suggested[c.Index] = c.Field
	}
	stats := make([]*columnStats, len(m.Columns))
	for i, c := range m.Columns {
		f, _ := fields.FieldByName(p.kind, c.Field)
		if c.Field == "" {
			f, _ = fields.FieldByName(p.kind, suggested[i])
		}
		stats[i] = newColumnStats(f)
	}
	for row, err := range b.Rows(p.info.Index) {
		if err != nil {
			return ps, err
		}
		if row.Number <= p.headerRow || blankRow(p, row.Cells) || repeatedHeader(p, row.Cells) {
			continue
		}
		ps.Rows++
		for i, cs := range stats {
			if i < len(row.Cells) {
				cs.add(row.Cells[i], opt, m.Columns[i].Unit, previewSamples)
			}
		}
	}
	custom := map[int]bool{}
	for _, c := range p.custom {
		custom[c.Index] = true
	}
	for i, c := range m.Columns {
		if c.Header == "" && c.Field == "" {
			continue
		}
		pc := previewColumn(c, stats[i], suggested[i], p.unfit[i])
		if custom[i] {
			pc.Custom, pc.Reason = true, "kept as a custom field"
		}
		ps.Columns = append(ps.Columns, pc)
		if c.Field == "" && !p.ignored[i] && !custom[i] {
			ps.Unmapped = append(ps.Unmapped, c.Header)
		}
	}
	for _, f := range fields.Fields(p.kind) {
		if f.Required && m.Index(f.Name) < 0 {
			ps.MissingRequired = append(ps.MissingRequired, f.Name)
		}
	}
	ps.Conflicts = conflicts(m)
	ps.Findings = append(ps.Findings, p.findings...)
	return ps, nil
}

// previewColumn describes one column.
func previewColumn(c fields.Column, cs *columnStats, suggested, unfit string) PreviewColumn {
	pc := PreviewColumn{Letter: c.Letter(), Header: c.Header, Field: c.Field, Reason: c.Reason, Suggested: suggested,
		DateOrder: c.Unit.DateOrder.String(), Currency: c.Unit.Currency, Samples: cs.samples,
		Counts: ParseCounts{NonEmpty: cs.nonEmpty, Parsed: cs.ok, Ambiguous: cs.ambiguous, Failed: cs.failed - cs.ambiguous}}
	if pc.Samples == nil {
		pc.Samples = []string{}
	}
	switch {
	case c.Field == "":
		pc.Reason = "no field has this header"
		if suggested != "" {
			pc.Reason = fmt.Sprintf("means %s, but another column was chosen for it", suggested)
		}
		if unfit != "" {
			pc.Reason = unfit
		}
	case c.Source == fields.SourceExplicit || c.Source == fields.SourcePosition || c.Rank == fields.RankExact:
		pc.Confidence = "high"
	case c.Rank == fields.RankSynonym:
		pc.Confidence = "medium"
	default:
		pc.Confidence = "low"
	}
	if cs.field.Name != "" {
		pc.Parsed = cs.summary()
		if cs.field.Type == fields.Enum {
			pc.Unmatched = cs.unmatched()
		}
	} else {
		pc.Parsed = fmt.Sprintf("%d values", cs.nonEmpty)
	}
	return pc
}

// conflicts lists the fields two or more columns mean, and which one the import would read.
func conflicts(m fields.Mapping) []FieldConflict {
	out := []FieldConflict{}
	byField := map[string]int{}
	for _, d := range m.Duplicates {
		i, ok := byField[d.First.Field]
		if !ok {
			out = append(out, FieldConflict{Field: d.First.Field, Columns: []string{d.First.Header}, Chosen: d.First.Header})
			i = len(out) - 1
			byField[d.First.Field] = i
		}
		out[i].Columns = append(out[i].Columns, d.Column.Header)
		if out[i].Message != "" {
			out[i].Message += "; "
		}
		out[i].Message += d.String()
	}
	return out
}
