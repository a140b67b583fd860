// Package reports builds report tables from the store and renders them as JSON, CSV, XLSX and
// iCalendar. Every report is a Table; every format has one renderer that serves every report.
package reports

import (
	"errors"
	"fmt"
	"iter"
	"time"
)

// ColumnType says how the cells of a column are typed, formatted and totalled.
type ColumnType int

// The column types. The comment on Row says which Go value each type expects in a cell.
const (
	Text ColumnType = iota
	DateCol
	MoneyCol
	Integer
	Percent
	Bool
)

// String returns the name of the type as written in the JSON "columns" list.
func (c ColumnType) String() string {
	switch c {
	case Text:
		return "text"
	case DateCol:
		return "date"
	case MoneyCol:
		return "money"
	case Integer:
		return "integer"
	case Percent:
		return "percent"
	case Bool:
		return "bool"
	}
	return "text"
}

// Column describes one column of a report.
type Column struct {
	Key   string     // Key is the snake_case name used as the JSON key.
	Title string     // Title is the header people read in CSV and XLSX.
	Type  ColumnType // Type decides formatting and totals.
	// NoTotal leaves a money column out of the totals rows, where a sum means nothing
	// (a price per seat).
	NoTotal bool
}

// heading returns the title people read, falling back to the key when the title is empty.
func (c Column) heading() string {
	if c.Title == "" {
		return c.Key
	}
	return c.Title
}

// Param is one parameter a report was built with, such as as_of or within.
type Param struct {
	Name, Value string
}

// Row is one line of a report. Its Cells align with Table.Columns and hold:
// a string for Text; a models.Date for DateCol (zero value = blank); a models.Money for
// MoneyCol (zero value = blank); an int64 (any Go integer is accepted) for Integer; a float64
// fraction for Percent (0.25 = 25%); a bool for Bool. A nil cell, or a missing one at the end
// of a short row, is blank. A value of another type is rendered as text, never a panic.
type Row struct {
	Cells    []any
	Subtotal bool   // Subtotal marks a group subtotal line: styled bold and excluded from totals.
	Flag     string // Flag optionally marks the row, such as "overdue" or "notice_passed".
}

// Table is a report ready to render: a title, typed columns, streamed rows, the parameters
// used and notes. Renderers compute per-currency totals of money columns while streaming.
type Table struct {
	Name        string   // Name is the report's machine name, such as "renewals".
	Title       string   // Title is the heading people read.
	Columns     []Column // Columns lists the columns in display order.
	Params      []Param  // Params lists the parameters used, in order.
	Notes       []string // Notes are remarks shown under the table.
	GeneratedAt time.Time
	// Rows yields the rows once, in order; a renderer stops at the first error it yields.
	// A million rows must render in bounded memory, so builders stream from the store.
	Rows iter.Seq2[Row, error]
	// Calendar is nil when the report has no dates worth a calendar.
	Calendar *CalendarSpec
}

// CalendarSpec says how a dated report becomes calendar events.
type CalendarSpec struct {
	UIDKey      string          // UIDKey is the key of a column giving a stable id, such as "item_id".
	SummaryKeys []string        // SummaryKeys are the columns joined for the event title.
	Events      []CalendarEvent // Events lists the dates of a row that become events.
}

// CalendarEvent turns one date column of each row into an all-day event.
type CalendarEvent struct {
	DateKey string // DateKey is the key of a date column.
	Label   string // Label starts the event title, such as "Notice deadline".
}

// StaticRows returns a row sequence over a slice, for small reports and tests.
func StaticRows(rows []Row) iter.Seq2[Row, error] {
	return func(yield func(Row, error) bool) {
		for _, r := range rows {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// Collect reads every row into memory and returns the first error the sequence yields.
// It consumes Rows; it is meant for tests and small callers.
func (t *Table) Collect() ([]Row, error) {
	var out []Row
	if t == nil || t.Rows == nil {
		return out, nil
	}
	for r, err := range t.Rows {
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}

// ColumnIndex returns the position of the column with the given key, or -1.
func (t *Table) ColumnIndex(key string) int {
	for i, c := range t.Columns {
		if c.Key == key {
			return i
		}
	}
	return -1
}

// rows returns the table's row sequence, an empty one when Rows is nil.
func (t *Table) rows() iter.Seq2[Row, error] {
	if t.Rows == nil {
		return StaticRows(nil)
	}
	return t.Rows
}

// generatedAt returns the generation time in UTC, or now when the builder left it unset.
func (t *Table) generatedAt() time.Time {
	if t.GeneratedAt.IsZero() {
		return time.Now().UTC()
	}
	return t.GeneratedAt.UTC()
}

// ErrInvalidTable is returned for a table no renderer can write (nil, no columns, bad keys).
var ErrInvalidTable = errors.New("invalid report table")

// validate checks what every renderer relies on: a table with columns and unique, non-empty keys.
func (t *Table) validate() error {
	if t == nil {
		return fmt.Errorf("%w: nil table", ErrInvalidTable)
	}
	if len(t.Columns) == 0 {
		return fmt.Errorf("%w: report %q has no columns", ErrInvalidTable, t.Name)
	}
	seen := make(map[string]bool, len(t.Columns))
	for i, c := range t.Columns {
		if c.Key == "" {
			return fmt.Errorf("%w: report %q column %d has no key", ErrInvalidTable, t.Name, i+1)
		}
		if seen[c.Key] {
			return fmt.Errorf("%w: report %q has two columns keyed %q", ErrInvalidTable, t.Name, c.Key)
		}
		seen[c.Key] = true
	}
	return nil
}
