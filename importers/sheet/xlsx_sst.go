package sheet

import (
	"bytes"
	"io"
)

// readSST streams the shared string table into wb.sst with the same byte scanner as the
// worksheets (the table of a large workbook holds hundreds of thousands of strings, and
// encoding/xml spends several allocations on each). Each <si> is the concatenation of its
// <t> texts (plain, or the runs <r><t> of rich text), leaving out phonetic guides (<rPh>).
// Whitespace is kept as written whatever xml:space says: Excel writes xml:space="preserve"
// whenever it matters, and other writers forget it where it does.
func (wb *workbook) readSST(part string) error {
	rc, err := wb.open(part)
	if err != nil || rc == nil {
		return err
	}
	defer rc.Close()
	sc := newXMLScanner(rc)
	var (
		text                            []byte
		inSI, inT, inPhonetic, finished bool
	)
	maxText := 8*wb.lim.MaxCellBytes + 64
	for {
		if inT {
			text, err = sc.appendText(text, maxText)
		} else {
			err = sc.skipText()
		}
		if err == io.EOF && finished {
			return nil
		}
		if err != nil {
			return sstErr(part, err)
		}
		// appendText keeps at most maxText+1 bytes: a shared string longer than a cell may hold
		// is refused where a cell uses it.
		tag, err := sc.readTag()
		if err != nil {
			return sstErr(part, err)
		}
		if len(tag) == 0 {
			return xmlErr(part, io.ErrUnexpectedEOF)
		}
		switch tag[0] {
		case '?':
			continue
		case '!':
			switch {
			case bytes.HasPrefix(tag, []byte("!--")):
			case bytes.HasPrefix(tag, []byte("![CDATA[")):
				if inT {
					text = append(text, tag[8:len(tag)-2]...)
				}
			default:
				return doctypeErr("part " + part)
			}
			continue
		}
		name, end, self := tagName(tag)
		switch string(name) {
		case "si":
			switch {
			case self && !end:
				wb.sst = append(wb.sst, "")
			case end:
				wb.sst = append(wb.sst, string(unescapeX(decodeText(text))))
				inSI = false
			default:
				inSI, text = true, text[:0]
			}
		case "t":
			inT = inSI && !inPhonetic && !end && !self
		case "rPh":
			inPhonetic = !end && !self
		case "sst":
			finished = end || self
		}
	}
}

func sstErr(part string, err error) error {
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return xmlErr(part, err)
}
