package sheet

import (
	"encoding/xml"
	"io"
	"strings"
)

// readSST streams the shared string table into wb.sst. Each <si> is the concatenation of its
// <t> texts (plain, or the runs <r><t> of rich text), leaving out phonetic guides (<rPh>).
// Whitespace is kept as written whatever xml:space says: Excel writes xml:space="preserve"
// whenever it matters, and other writers forget it where it does.
func (wb *workbook) readSST(part string) error {
	rc, err := wb.open(part)
	if err != nil || rc == nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	var (
		buf                   strings.Builder
		depth                 int
		inSI, inT, inPhonetic bool
	)
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			if depth != 0 {
				return xmlErr(part, io.ErrUnexpectedEOF)
			}
			return nil
		}
		if err != nil {
			return xmlErr(part, err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return doctypeErr(part)
		case xml.StartElement:
			depth++
			switch t.Name.Local {
			case "si":
				inSI = true
				buf.Reset()
			case "t":
				inT = inSI && !inPhonetic
			case "rPh":
				inPhonetic = true
			}
		case xml.EndElement:
			depth--
			switch t.Name.Local {
			case "si":
				wb.sst = append(wb.sst, buf.String())
				inSI = false
			case "t":
				inT = false
			case "rPh":
				inPhonetic = false
			}
		case xml.CharData:
			if inT {
				buf.Write(t)
			}
		}
	}
}
