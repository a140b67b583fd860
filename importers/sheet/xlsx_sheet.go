package sheet

import (
	"bytes"
	"errors"
	"io"
)

// cellType is the t attribute of a <c> element.
type cellType uint8

const (
	typeNumber cellType = iota // "n" or absent
	typeShared                 // "s"
	typeInline                 // "inlineStr"
	typeStr                    // "str": a formula's text result
	typeBool                   // "b"
	typeError                  // "e"
	typeDate                   // "d": an ISO 8601 date
)

// sheetReader holds the state of one pass over one worksheet.
type sheetReader struct {
	wb    *workbook
	name  string
	sc    *xmlScanner
	cells []Cell

	rowNum, rowsOut int
	lastCol         int
	width           int // cells in the last row, to size the next

	// the cell being read
	inCell                     bool
	col                        int
	typ                        cellType
	style                      int
	hasValue                   bool
	inIS, inPhonetic, collectT bool
	collectV                   bool
	text                       []byte
}

// rows streams worksheet i, see Book.Rows.
func (wb *workbook) rows(i int, yield func(Row, error) bool) {
	ref := wb.sheets[i]
	rc, err := wb.open(ref.part)
	if err == nil && rc == nil {
		err = fileErr(nil, "the workbook is damaged: sheet %s (part %s) is missing; save it again from Excel", ref.name, ref.part)
	}
	if err != nil {
		yield(Row{}, err)
		return
	}
	defer rc.Close()
	sr := &sheetReader{wb: wb, name: ref.name, sc: newXMLScanner(rc)}
	if err := sr.run(yield); err != nil && err != errStopped {
		yield(Row{}, err)
	}
}

var errStopped = errors.New("stopped")

// run scans the worksheet, yielding rows. It returns nil when the caller stopped or the
// sheet was read to its end, and an error otherwise.
func (sr *sheetReader) run(yield func(Row, error) bool) error {
	var (
		inSheetData, sheetDataDone, worksheetDone bool
		err                                       error
	)
	maxText := 8*sr.wb.lim.MaxCellBytes + 64 // entities may make the raw text longer than the value
	for {
		if sr.collectV || sr.collectT {
			sr.text, err = sr.sc.appendText(sr.text, maxText)
			if len(sr.text) > maxText {
				return sr.wb.lim.cellErr(sr.name, sr.rowNum, cellRef(sr.col, sr.rowNum))
			}
		} else {
			err = sr.sc.skipText()
		}
		if err == io.EOF {
			if sheetDataDone && worksheetDone {
				return nil
			}
			return sr.truncated(nil)
		}
		if err != nil {
			return sr.truncated(err)
		}
		tag, err := sr.sc.readTag()
		if err != nil {
			return sr.truncated(err)
		}
		if len(tag) == 0 {
			return sr.malformed("an empty tag")
		}
		switch tag[0] {
		case '?':
			continue
		case '!':
			switch {
			case bytes.HasPrefix(tag, []byte("!--")):
			case bytes.HasPrefix(tag, []byte("![CDATA[")):
				if sr.collectV || sr.collectT {
					sr.text = append(sr.text, tag[8:len(tag)-2]...)
				}
			default:
				return doctypeErr("sheet " + sr.name)
			}
			continue
		}
		name, end, self := tagName(tag)
		if !inSheetData {
			switch {
			case string(name) == "sheetData" && !end:
				inSheetData, sheetDataDone = !self, self
			case string(name) == "worksheet" && end:
				worksheetDone = true
			}
			continue
		}
		switch string(name) {
		case "row":
			switch {
			case end:
				if err := sr.endRow(yield); err != nil {
					return err
				}
			default:
				if sr.inCell {
					return sr.malformed("a row inside a cell")
				}
				sr.startRow(tag)
				if self {
					if err := sr.endRow(yield); err != nil {
						return err
					}
				}
			}
		case "c":
			switch {
			case end:
				if err := sr.endCell(); err != nil {
					return err
				}
			default:
				if sr.inCell {
					return sr.malformed("a cell inside a cell")
				}
				if err := sr.startCell(tag); err != nil {
					return err
				}
				if self {
					if err := sr.endCell(); err != nil {
						return err
					}
				}
			}
		case "v":
			if sr.inCell && !self {
				sr.collectV = !end
				sr.hasValue = true
			}
		case "is":
			sr.inIS = !end && !self
			if sr.inIS {
				sr.hasValue = true
			}
		case "rPh":
			sr.inPhonetic = !end && !self
		case "t":
			if sr.inIS && !sr.inPhonetic && !self {
				sr.collectT = !end
			}
		case "sheetData":
			if end {
				if sr.inCell {
					return sr.malformed("the sheet data ends inside a cell")
				}
				inSheetData, sheetDataDone = false, true
			}
		}
	}
}

func (sr *sheetReader) startRow(tag []byte) {
	n := 0
	for rest := attrsOf(tag); ; {
		k, v, r, ok := nextAttr(rest)
		if !ok {
			break
		}
		rest = r
		if string(k) == "r" {
			n = atoi(v)
		}
	}
	if n <= 0 {
		n = sr.rowNum + 1
	}
	sr.rowNum = n
	sr.lastCol = -1
	sr.cells = make([]Cell, 0, max(sr.width, 8))
}

func (sr *sheetReader) endRow(yield func(Row, error) bool) error {
	if sr.inCell {
		return sr.malformed("a row ends inside a cell")
	}
	cells := sr.cells
	for len(cells) > 0 && cells[len(cells)-1].Kind == KindEmpty {
		cells = cells[:len(cells)-1]
	}
	sr.cells = nil
	sr.width = len(cells)
	if len(cells) == 0 {
		return nil
	}
	sr.rowsOut++
	if sr.rowsOut > sr.wb.lim.MaxRows {
		return sr.wb.lim.rowsErr(sr.name, sr.rowNum)
	}
	if !yield(Row{Number: sr.rowNum, Cells: cells}, nil) {
		return errStopped
	}
	return nil
}
