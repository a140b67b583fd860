package sheet

import (
	"errors"
	"fmt"
	"io"
	"iter"
	"path/filepath"
	"strings"
)

// Book is an opened spreadsheet file: a workbook, or a CSV/TSV file seen as one sheet.
type Book struct {
	Format string // FormatXLSX or FormatCSV
	Sheets []SheetInfo

	lim    Limits
	closed bool
	xlsx   *workbook
	csv    *csvSource
}

// SheetInfo names one worksheet. Chart sheets are not listed; hidden sheets are.
type SheetInfo struct {
	Name   string
	Index  int  // the position in Book.Sheets, the argument of Book.Rows
	Hidden bool // hidden or "very hidden" in Excel
}

// Open reads enough of r to list its sheets, detecting the format from the content, not the
// name (a CSV file named .xlsx is read as CSV). name is used for the CSV sheet name and the
// ".tsv" delimiter default. Errors are *FileError (unreadable: wrong format, damaged,
// encrypted) or *LimitError; they unwrap to models.ErrUnreadable and models.ErrTooLarge.
// r must stay readable until the Book is closed.
func Open(name string, r io.ReaderAt, size int64, lim Limits) (*Book, error) {
	lim = lim.withDefaults()
	format, err := Detect(r, size)
	if err != nil {
		return nil, err
	}
	b := &Book{Format: format, lim: lim}
	switch format {
	case FormatXLSX:
		wb, err := openWorkbook(r, size, lim)
		if err != nil {
			return nil, err
		}
		b.xlsx = wb
		for i, s := range wb.sheets {
			b.Sheets = append(b.Sheets, SheetInfo{Name: s.name, Index: i, Hidden: s.hidden})
		}
	default:
		src, err := openCSV(name, r, size)
		if err != nil {
			return nil, err
		}
		b.csv = src
		b.Sheets = []SheetInfo{{Name: src.sheet, Index: 0}}
	}
	return b, nil
}

// Rows streams the rows of sheet (an index into b.Sheets) in file order. Rows with no values
// are not yielded (workbooks) or skipped as Excel shows them (CSV blank lines); Row.Number
// keeps counting them. Trailing empty cells are trimmed. After an error the sequence stops;
// rows already yielded before a damaged part was found are followed by that error, so a
// caller must check it before trusting what it read.
//
// Each yielded Row is the caller's to keep.
func (b *Book) Rows(sheet int) iter.Seq2[Row, error] {
	return func(yield func(Row, error) bool) {
		if b.closed {
			yield(Row{}, errors.New("sheet: Rows called on a closed Book"))
			return
		}
		if sheet < 0 || sheet >= len(b.Sheets) {
			yield(Row{}, fmt.Errorf("sheet: no sheet %d (the file has %d)", sheet, len(b.Sheets)))
			return
		}
		if b.xlsx != nil {
			b.xlsx.rows(sheet, yield)
			return
		}
		b.csv.rows(b.lim, yield)
	}
}

// Close releases what the Book holds. It does not close the reader given to Open.
func (b *Book) Close() error {
	b.closed = true
	if b.xlsx != nil {
		b.xlsx.sst = nil
		b.xlsx.zr = nil
	}
	return nil
}

// baseName is the file name without folder and extension.
func baseName(name string) string {
	base := filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	base = strings.TrimSuffix(base, filepath.Ext(base))
	if base == "" || base == "." || base == "/" {
		return "Sheet1"
	}
	return base
}
