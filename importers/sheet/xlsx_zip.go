package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
	"sync/atomic"
)

// workbook is an opened OOXML zip: its parts, sheets, shared strings and date styles.
type workbook struct {
	zr     *zip.Reader
	parts  map[string]*zip.File // by lower-cased name
	lim    Limits
	budget atomic.Int64 // inflated bytes still allowed (MaxUncompressed minus what was read)
	sheets []sheetRef
	sst    []string
	dateXF []bool // by cellXfs index: a date or time format
	// currencyXF holds, by cellXfs index, the currency symbol or code the format shows.
	currencyXF []string
	date1904   bool
}

type sheetRef struct {
	name   string
	part   string
	hidden bool
}

const odsMime = "application/vnd.oasis.opendocument.spreadsheet"

func openWorkbook(r io.ReaderAt, size int64, lim Limits) (*workbook, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fileErr(err, "the file looks like an .xlsx workbook but is damaged (its zip structure cannot be read); save it again from Excel")
	}
	wb := &workbook{zr: zr, parts: make(map[string]*zip.File, len(zr.File)), lim: lim}
	wb.budget.Store(lim.MaxUncompressed)
	for _, f := range zr.File {
		k := strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(f.Name, `\`, "/"), "/"))
		if _, dup := wb.parts[k]; !dup {
			wb.parts[k] = f
		}
	}
	if f := wb.parts["mimetype"]; f != nil {
		if b, err := wb.readSmall("mimetype", 256); err == nil && bytes.HasPrefix(bytes.TrimSpace(b), []byte(odsMime)) {
			return nil, &FileError{Msg: MsgODS}
		}
	}
	if err := wb.load(); err != nil {
		return nil, err
	}
	return wb, nil
}

// open returns a reader of the inflated part that counts against MaxUncompressed, or nil if
// the part does not exist.
func (wb *workbook) open(name string) (io.ReadCloser, error) {
	f := wb.parts[strings.ToLower(name)]
	if f == nil {
		return nil, nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fileErr(err, "the workbook is damaged: part %s cannot be opened (%v); save it again from Excel", f.Name, err)
	}
	return &countingReader{rc: rc, wb: wb, name: f.Name}, nil
}

func (wb *workbook) has(name string) bool { return wb.parts[strings.ToLower(name)] != nil }

// readSmall reads a whole part of at most max bytes.
func (wb *workbook) readSmall(name string, max int64) ([]byte, error) {
	rc, err := wb.open(name)
	if err != nil || rc == nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, max))
	return b, err
}

// countingReader charges every inflated byte to the workbook's budget and turns zip and
// flate failures into a *FileError.
type countingReader struct {
	rc   io.ReadCloser
	wb   *workbook
	name string
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.rc.Read(p)
	if n > 0 && c.wb.budget.Add(-int64(n)) < 0 {
		return 0, c.wb.lim.inflateErr()
	}
	if err != nil && err != io.EOF {
		return n, damaged(c.name, err)
	}
	return n, err
}

func (c *countingReader) Close() error { return c.rc.Close() }

func damaged(part string, err error) error { return partErr(part, "cannot be unzipped", err) }
