package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"testing"
)

// part is one file of a hand-built zip.
type part struct{ name, body string }

// zipOf builds a zip archive of parts, deflated.
func zipOf(t testing.TB, parts ...part) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(p.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const (
	nsMain = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	relNS  = `http://schemas.openxmlformats.org/officeDocument/2006/relationships/`
)

// book describes a minimal hand-built workbook.
type book struct {
	sheets   []string // sheet1.xml... bodies inside <sheetData>, or a whole document if it starts with "<?xml" or "<worksheet"
	names    []string
	sst      string // the <si> elements, or "" for no sharedStrings part
	numFmts  string // <numFmt> elements
	xfs      []int  // numFmtId per cellXfs entry
	date1904 bool
	extra    []part
}

func (b book) zip(t testing.TB) []byte {
	t.Helper()
	wbPr := ""
	if b.date1904 {
		wbPr = `<workbookPr date1904="1"/>`
	}
	var sheets, rels string
	var parts []part
	for i, body := range b.sheets {
		n := string(rune('1' + i))
		name := "Sheet" + n
		if i < len(b.names) {
			name = b.names[i]
		}
		sheets += `<sheet name="` + name + `" sheetId="` + n + `" r:id="rId` + n + `"/>`
		rels += `<Relationship Id="rId` + n + `" Type="` + relNS + `worksheet" Target="worksheets/sheet` + n + `.xml"/>`
		if !bytes.HasPrefix([]byte(body), []byte("<?xml")) && !bytes.HasPrefix([]byte(body), []byte("<worksheet")) {
			body = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ` + nsMain + `><sheetData>` + body + `</sheetData></worksheet>`
		}
		parts = append(parts, part{"xl/worksheets/sheet" + n + ".xml", body})
	}
	rels += `<Relationship Id="rIdS" Type="` + relNS + `styles" Target="/xl/styles.xml"/>`
	if b.sst != "" {
		rels += `<Relationship Id="rIdT" Type="` + relNS + `sharedStrings" Target="sharedStrings.xml"/>`
		parts = append(parts, part{"xl/sharedStrings.xml", `<?xml version="1.0" encoding="UTF-8"?><sst ` + nsMain + `>` + b.sst + `</sst>`})
	}
	xfs := `<xf numFmtId="0"/>`
	for _, id := range b.xfs {
		xfs += `<xf numFmtId="` + itoa(id) + `" applyNumberFormat="1"/>`
	}
	parts = append(parts,
		part{"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`},
		part{"_rels/.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + relNS + `officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		part{"xl/workbook.xml", `<?xml version="1.0"?><workbook ` + nsMain + `>` + wbPr + `<sheets>` + sheets + `</sheets></workbook>`},
		part{"xl/_rels/workbook.xml.rels", `<?xml version="1.0"?>` +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels + `</Relationships>`},
		part{"xl/styles.xml", `<?xml version="1.0"?><styleSheet ` + nsMain + `><numFmts>` + b.numFmts + `</numFmts><cellStyleXfs count="1">` +
			`<xf numFmtId="14"/></cellStyleXfs><cellXfs>` + xfs + `</cellXfs></styleSheet>`},
	)
	parts = append(parts, b.extra...)
	return zipOf(t, parts...)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// readBytes opens data and reads every row of sheet 0 (or of the named sheet).
func readBytes(name string, data []byte, lim Limits) (*Book, []Row, error) {
	b, err := Open(name, bytes.NewReader(data), int64(len(data)), lim)
	if err != nil {
		return nil, nil, err
	}
	defer b.Close()
	var rows []Row
	for r, err := range b.Rows(0) {
		if err != nil {
			return b, rows, err
		}
		rows = append(rows, r)
	}
	return b, rows, nil
}

// texts is the Text of each cell of a row.
func texts(r Row) []string {
	s := make([]string, len(r.Cells))
	for i, c := range r.Cells {
		s[i] = c.Text
	}
	return s
}

func wantKind(t *testing.T, err error, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("error = %v (%T), want one that is %v", err, err, target)
	}
}
