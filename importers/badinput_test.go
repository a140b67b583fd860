package importers_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"itreg/importers"
	"itreg/importers/sheet"
	"itreg/models"
	"itreg/models/modeltest"
)

// xlsxOf builds a one-sheet workbook around the given sheetData XML (inline strings).
func xlsxOf(t *testing.T, sheetData string, extra ...string) []byte {
	t.Helper()
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
			`</Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?>` +
			`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
			`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="Devices" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`</Relationships>`,
	}
	prolog := `<?xml version="1.0" encoding="UTF-8"?>`
	if len(extra) > 0 {
		prolog += extra[0]
	}
	parts["xl/worksheets/sheet1.xml"] = prolog + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		sheetData + `</sheetData></worksheet>`
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(parts[name]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// row writes one sheet row of inline strings.
func row(n int, cells ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<row r="%d">`, n)
	for i, c := range cells {
		fmt.Fprintf(&b, `<c r="%c%d" t="inlineStr"><is><t>%s</t></is></c>`, 'A'+i, n, c)
	}
	return b.String() + "</row>"
}

// nothingWritten fails when any register or audit row exists.
func nothingWritten(t *testing.T, st *models.Store) {
	t.Helper()
	for _, table := range []string{"devices", "vendors", "licences", "warranties", "budget_lines", "audit_events"} {
		if n := modeltest.Count(t, st, table); n != 0 {
			t.Errorf("%d rows written to %s", n, table)
		}
	}
}

func TestBadInput(t *testing.T) {
	header := row(1, "Asset Tag", "Serial Number", "Category")
	wide := `<row r="1">` + strings.Repeat(`<c t="inlineStr"><is><t>x</t></is></c>`, 16384) + `</row>`
	bigCell := row(1, "Asset Tag", "Notes") + row(2, "A-1", strings.Repeat("x", 1<<20))
	bomb := header + strings.Repeat(row(2, "A-1", "S-1", "laptop"), 60000)
	xmlBomb := `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>`
	png := "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
	cases := []struct {
		name    string
		file    string
		data    []byte
		limits  sheet.Limits
		wantErr error  // the error Import returns, or nil for a result
		status  string // the result's status when no error
		message string // in the error or the result's first error
	}{
		{name: "empty file", file: "empty.csv", data: nil, wantErr: models.ErrUnreadable},
		{name: "empty workbook", file: "empty.xlsx", data: xlsxOf(t, ""), wantErr: models.ErrUnreadable, message: "empty"},
		{name: "header row only", file: "header.xlsx", data: xlsxOf(t, header), status: models.ImportInvalid, message: "no data rows"},
		{name: "16,384 columns", file: "wide.xlsx", data: xlsxOf(t, wide), wantErr: models.ErrTooLarge, message: "column"},
		{name: "a 1 MB cell", file: "bigcell.xlsx", data: xlsxOf(t, bigCell), wantErr: models.ErrTooLarge, message: "longer than"},
		{name: "zip bomb", file: "bomb.xlsx", data: xlsxOf(t, bomb), limits: sheet.Limits{MaxUncompressed: 1 << 20}, wantErr: models.ErrTooLarge,
			message: "zip bomb"},
		{name: "XML bomb", file: "xmlbomb.xlsx", data: xlsxOf(t, header, xmlBomb), wantErr: models.ErrUnreadable},
		{name: "PNG named .xlsx", file: "photo.xlsx", data: []byte(png), wantErr: models.ErrUnreadable},
		{name: "binary garbage", file: "x.csv", data: []byte("\x00\x01\x02\x03\xff\xfe\x00\x00"), wantErr: models.ErrUnreadable},
	}
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		if _, err := st.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				res, err := importers.Import(context.Background(), st, c.file, bytes.NewReader(c.data), int64(len(c.data)),
					importers.Options{Limits: c.limits, Currency: "GBP"})
				switch {
				case c.wantErr != nil:
					if !errors.Is(err, c.wantErr) || !strings.Contains(err.Error(), c.message) {
						t.Fatalf("err = %v, want %v containing %q", err, c.wantErr, c.message)
					}
				case err != nil:
					t.Fatalf("err = %v", err)
				default:
					if res.Status != c.status || len(res.Errors) == 0 || !strings.Contains(res.Errors[0].Message, c.message) {
						t.Fatalf("result %s %+v", res.Status, res.Errors)
					}
				}
				nothingWritten(t, st)
			})
		}
	})
}

func TestTrickyCells(t *testing.T) {
	formula := row(1, "Asset Tag", "Hostname", "Category") +
		`<row r="2"><c r="A2" t="str"><f>CONCAT("A","-1")</f><v>A-1</v></c><c r="B2" t="inlineStr"><is><t>=HYPERLINK("x")</t></is></c>` +
		`<c r="C2" t="inlineStr"><is><t>laptop</t></is></c></row>`
	csvAsXLSX := "Asset Tag,Hostname,Category\nA-1,=1+1,laptop\n"
	mixed := "Asset Tag,Notes,Category\r\nA-1,\"two\nlines\",laptop\nA-2,plain,laptop\r\nA-3,x,laptop\r"
	stray := "Asset Tag,Notes,Category\nA-1,6\" cable,laptop\n"
	cases := []struct {
		name     string
		file     string
		data     []byte
		wantErr  error
		tag      string
		hostname string
		notes    string
		rows     int
	}{
		{name: "formula keeps its cached value; = text stays text", file: "f.xlsx", data: xlsxOf(t, formula), tag: "A-1", hostname: `=HYPERLINK("x")`, rows: 1},
		{name: "CSV named .xlsx imports as CSV", file: "really.xlsx", data: []byte(csvAsXLSX), tag: "A-1", hostname: "=1+1", rows: 1},
		{name: "mixed line endings and a quoted newline", file: "mixed.csv", data: []byte(mixed), tag: "A-1", notes: "two\nlines", rows: 3},
		{name: "a stray quote inside a field is kept as text", file: "stray.csv", data: []byte(stray), tag: "A-1", notes: `6" cable`, rows: 1},
	}
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		if _, err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				res, err := importers.Import(ctx, st, c.file, bytes.NewReader(c.data), int64(len(c.data)), importers.Options{})
				if c.wantErr != nil {
					if !errors.Is(err, c.wantErr) {
						t.Fatalf("err = %v, want %v", err, c.wantErr)
					}
					return
				}
				if err != nil || res.Status != models.ImportSucceeded || res.Counts.Rows != c.rows {
					t.Fatalf("%v %+v", err, res)
				}
				d, err := st.FindDeviceByAssetTag(ctx, c.tag)
				if err != nil {
					t.Fatal(err)
				}
				if c.hostname != "" && d.Hostname != c.hostname || c.notes != "" && d.Notes != c.notes {
					t.Errorf("hostname %q notes %q", d.Hostname, d.Notes)
				}
			})
		}
	})
}

func TestSystemFieldsCannotBeMapped(t *testing.T) {
	st := modeltest.MustStore(t, models.SQLite)
	data := []byte("Asset Tag,ID,Category\nA-1,5,laptop\n")
	for _, f := range []string{"id", "version", "created_at", "updated_at", " Version "} {
		t.Run(f, func(t *testing.T) {
			_, err := importers.Import(context.Background(), st, "x.csv", bytes.NewReader(data), int64(len(data)),
				importers.Options{Mapping: map[string]string{"ID": f}})
			if !errors.Is(err, models.ErrBadParam) || !strings.Contains(err.Error(), "itreg sets itself") {
				t.Fatalf("err = %v", err)
			}
		})
	}
}
