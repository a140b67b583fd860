package sheet

import (
	"bytes"
	"errors"
	"strconv"
)

func (sr *sheetReader) startCell(tag []byte) error {
	sr.inCell, sr.hasValue = true, false
	sr.typ, sr.style, sr.col = typeNumber, 0, sr.lastCol+1
	sr.text = sr.text[:0]
	sr.inIS, sr.inPhonetic, sr.collectT, sr.collectV = false, false, false, false
	for rest := attrsOf(tag); ; {
		k, v, r, ok := nextAttr(rest)
		if !ok {
			break
		}
		rest = r
		if len(k) != 1 {
			continue
		}
		switch k[0] {
		case 'r':
			if c, ok := colIndex(v); ok {
				sr.col = c
			}
		case 's':
			sr.style = atoi(v)
		case 't':
			switch string(v) {
			case "s":
				sr.typ = typeShared
			case "inlineStr":
				sr.typ = typeInline
			case "str":
				sr.typ = typeStr
			case "b":
				sr.typ = typeBool
			case "e":
				sr.typ = typeError
			case "d":
				sr.typ = typeDate
			}
		}
	}
	sr.lastCol = sr.col
	return nil
}

// endCell turns the cell just read into a Cell and places it in its column.
func (sr *sheetReader) endCell() error {
	if !sr.inCell {
		return sr.malformed("a cell end without its start")
	}
	sr.inCell, sr.collectV, sr.collectT, sr.inIS = false, false, false, false
	if !sr.hasValue {
		return nil // a styled empty cell, or a formula without a cached value
	}
	raw := decodeText(sr.text)
	var c Cell
	switch sr.typ {
	case typeShared:
		i, err := strconv.Atoi(string(bytes.TrimSpace(raw)))
		if err != nil || i < 0 || i >= len(sr.wb.sst) {
			return sr.malformed("cell " + cellRef(sr.col, sr.rowNum) + " refers to a shared string that does not exist")
		}
		c = Cell{Kind: KindString, Text: sr.wb.sst[i]}
	case typeInline, typeStr:
		c = Cell{Kind: KindString, Text: string(unescapeX(raw))}
	case typeBool:
		switch string(bytes.TrimSpace(raw)) {
		case "1", "true", "TRUE":
			c = Cell{Kind: KindBool, Text: "TRUE", Number: 1}
		case "0", "false", "FALSE":
			c = Cell{Kind: KindBool, Text: "FALSE"}
		default:
			c = Cell{Kind: KindString, Text: string(raw)}
		}
	case typeError:
		c = Cell{Kind: KindError, Text: string(raw)}
	case typeDate:
		c = isoDateCell(string(raw))
	default:
		c = sr.numberCell(raw)
	}
	if c.Kind == KindString && c.Text == "" {
		return nil
	}
	if len(c.Text) > sr.wb.lim.MaxCellBytes {
		return sr.wb.lim.cellErr(sr.name, sr.rowNum, cellRef(sr.col, sr.rowNum))
	}
	if sr.col+1 > sr.wb.lim.MaxColumns {
		return sr.wb.lim.columnsErr(sr.name, sr.rowNum, sr.col+1)
	}
	switch {
	case sr.col < len(sr.cells):
		sr.cells[sr.col] = c
	default:
		for len(sr.cells) < sr.col {
			sr.cells = append(sr.cells, Cell{})
		}
		sr.cells = append(sr.cells, c)
	}
	return nil
}

// numberCell reads a numeric value; a date style makes it a KindDate.
func (sr *sheetReader) numberCell(raw []byte) Cell {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return Cell{}
	}
	v, err := strconv.ParseFloat(string(raw), 64)
	if err != nil {
		return Cell{Kind: KindString, Text: string(raw)}
	}
	if sr.style >= 0 && sr.style < len(sr.wb.dateXF) && sr.wb.dateXF[sr.style] {
		if sr.wb.date1904 {
			v += 1462
		}
		return Cell{Kind: KindDate, Number: v, Text: serialText(v)}
	}
	cell := Cell{Kind: KindNumber, Number: v, Text: numberText(raw, v)}
	if sr.style >= 0 && sr.style < len(sr.wb.currencyXF) {
		cell.Currency = sr.wb.currencyXF[sr.style]
	}
	return cell
}

// attrsOf returns the part of a tag after its name.
func attrsOf(tag []byte) []byte {
	for i, c := range tag {
		if isSpace(c) {
			return tag[i:]
		}
	}
	return nil
}

// atoi parses a small non-negative decimal; anything else gives 0.
func atoi(b []byte) int {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' || n > 1<<40 {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// colIndex reads the column of a reference such as "AB12" (0-based: A is 0).
func colIndex(ref []byte) (int, bool) {
	n, i := 0, 0
	for ; i < len(ref); i++ {
		c := ref[i]
		switch {
		case c >= 'A' && c <= 'Z':
			n = n*26 + int(c-'A') + 1
		case c >= 'a' && c <= 'z':
			n = n*26 + int(c-'a') + 1
		default:
			return n - 1, i > 0
		}
		if n > 1<<24 {
			return 0, false
		}
	}
	return n - 1, i > 0
}

// colName is the letters of a 0-based column ("A", "AB").
func colName(col int) string {
	var b []byte
	for col++; col > 0; col = (col - 1) / 26 {
		b = append([]byte{byte('A' + (col-1)%26)}, b...)
	}
	return string(b)
}

func cellRef(col, row int) string { return colName(col) + strconv.Itoa(row) }

func (sr *sheetReader) malformed(what string) error {
	return fileErr(nil, "the workbook is damaged: sheet %s row %d: %s; save it again from Excel", sr.name, sr.rowNum, what)
}

func (sr *sheetReader) truncated(err error) error {
	if isOurs(err) {
		return err
	}
	return fileErr(err, "the workbook is damaged: sheet %s is cut short or not well-formed after row %d; save it again from Excel", sr.name, sr.rowNum)
}

// isOurs reports a *FileError or *LimitError, which already say what is wrong.
func isOurs(err error) bool {
	var fe *FileError
	var le *LimitError
	return errors.As(err, &fe) || errors.As(err, &le)
}
