// Package importers turns spreadsheets (XLSX and CSV) into register records.
//
// Import reads a file with package sheet, finds each sheet's kind and header row, maps its
// columns with package fields, parses and validates every row, resolves natural keys and
// references against the database in bulk, and upserts the rows in one transaction. Every
// run is recorded as a models.ImportRun, dry runs included.
package importers

import (
	"time"

	"itreg/importers/fields"
	"itreg/importers/sheet"
)

// The statuses of an import run.
const (
	StatusQueued    = "queued"    // stored, waiting for the worker
	StatusRunning   = "running"   // being imported
	StatusSucceeded = "succeeded" // imported (or a clean dry run)
	StatusInvalid   = "invalid"   // rows are invalid and nothing was written
	StatusFailed    = "failed"    // the file could not be read, or the run broke off
)

// Options says how to read and import one file.
type Options struct {
	Kind            string            // "" = detect per sheet (sheet name, then headers); else force it
	DryRun          bool              // check everything, write nothing but the run record
	SkipInvalid     bool              // commit the valid rows and report the rest
	DateOrder       fields.DateOrder  // how to read ambiguous text dates such as 03/05/2024
	Currency        string            // currency of amounts that name none (ITREG_CURRENCY)
	Mapping         map[string]string // explicit header (or column letter) -> field
	KeepUnknown     bool              // unknown device columns kept as custom fields
	Actor           string            // who runs it; audit events name "import #<id>"
	FiscalYearStart int               // the first month of the fiscal year (1-12; 0 = January)
	FiscalYear      int               // the fiscal year of budget lines that carry none; 0 = from the row's dates or today
	Limits          sheet.Limits      // bounds on reading the file; zero fields take defaults
	Progress        func(done, total int)
}

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
	Counts    Counts          `json:"counts"`
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
	CreatedAt   time.Time     `json:"created_at"`
	FinishedAt  *time.Time    `json:"finished_at"`
}
