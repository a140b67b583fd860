package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"itreg/models"
)

func TestXLSXCells(t *testing.T) {
	sst := `<si><t>Asset tag</t></si>` +
		`<si><r><rPr><b/></rPr><t>Dell </t></r><r><t xml:space="preserve">Latitude  </t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></si>` +
		`<si><t>R&amp;D &#163;</t></si><si/>`
	tests := []struct {
		name  string
		book  book
		want  []Row
		width int // if set, only the first width cells are compared
	}{
		{
			name: "shared, rich text and inline strings",
			book: book{sst: sst, sheets: []string{
				`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>` +
					`<c r="D1" t="inlineStr"><is><t>Apache POI</t></is></c>` +
					`<c r="E1" t="inlineStr"><is><r><t>rich </t></r><r><t>inline</t></r></is></c></row>`}},
			want: []Row{{1, []Cell{str("Asset tag"), str("Dell Latitude  "), str("R&D £"), str("Apache POI"), str("rich inline")}}},
		},
		{
			name: "formulas: cached number, cached text, no cached value",
			book: book{sheets: []string{
				`<row r="2"><c r="A2"><f>1+1</f><v>2</v></c><c r="B2" t="str"><f>A2&amp;"x"</f><v>2x</v></c><c r="C2"><f>SUM(A:A)</f></c><c r="D2" t="inlineStr">` +
					`<is><t>end</t></is></c></row>`}},
			want: []Row{{2, []Cell{num(2, "2"), str("2x"), {}, str("end")}}},
		},
		{
			name: "booleans, errors, ISO dates and numbers",
			book: book{sheets: []string{
				`<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c><c r="C1" t="e"><v>#N/A</v></c>` +
					`<c r="D1" t="d"><v>2024-02-29T10:00:00</v></c><c r="E1" t="n"><v>1234.50</v></c><c r="F1"><v>-0.125</v></c><c r="G1"><v>1E-3</v></c></row>`}},
			want: []Row{{1, []Cell{{KindBool, "TRUE", 1, ""}, {KindBool, "FALSE", 0, ""}, {KindError, "#N/A", 0, ""},
				{KindDate, "2024-02-29T10:00:00", 45351 + 10.0/24, ""}, num(1234.5, "1234.5"), num(-0.125, "-0.125"), num(0.001, "0.001")}}},
		},
		{
			name: "sparse cells, missing r on cells and rows, out-of-range trailing empties trimmed",
			book: book{sheets: []string{
				`<row r="3" spans="1:9"><c r="C3"><v>1</v></c><c><v>2</v></c><c r="I3" s="0"/></row>` +
					`<row><c><v>3</v></c><c r="C4" t="inlineStr"><is><t></t></is></c></row>` +
					`<row r="7"><c r="B7" t="s"/><c r="A7"><v>4</v></c></row>`}},
			want: []Row{{3, []Cell{{}, {}, num(1, "1"), num(2, "2")}}, {4, []Cell{num(3, "3")}}, {7, []Cell{num(4, "4")}}},
		},
		{
			name: "empty rows are not yielded but keep their numbers",
			book: book{sheets: []string{`<row r="1"/><row r="2"><c r="A2" s="1"/></row><row r="5"><c r="A5"><v>5</v></c></row>`}, xfs: []int{14}},
			want: []Row{{5, []Cell{num(5, "5")}}},
		},
		{
			name: "entities and character references",
			book: book{sheets: []string{`<row r="1"><c r="A1" t="inlineStr"><is><t>R&amp;D &lt;x&gt; &quot;q&quot; &apos;a&apos; &#163;&#xE9; &unknown;</t></is></c>` +
				`<c r="B1" t="str"><v>a&#10;b</v></c></row>`}},
			want: []Row{{1, []Cell{str(`R&D <x> "q" 'a' £é &unknown;`), str("a\nb")}}},
		},
		{
			name: "_xHHHH_ escapes in shared and inline strings",
			book: book{sst: `<si><t>line1_x000D_
line2</t></si><si><t>a_x005F_x0041_b</t></si>`, sheets: []string{`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>` +
				`<c r="C1" t="inlineStr"><is><t>tab_x0009_here</t></is></c></row>`}},
			want: []Row{{1, []Cell{str("line1\r\nline2"), str("a_x0041_b"), str("tab\there")}}},
		},
		{
			name: "namespace prefixes, comments, CDATA and '>' in attributes",
			book: book{sheets: []string{`<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
				`<!-- a > comment --><x:sheetData>` +
				`<x:row r="1" x14ac:dyDescent="0.25" odd="a>b"><x:c r="A1" t="inlineStr"><x:is><x:t><![CDATA[<raw> & text]]></x:t></x:is></x:c></x:row>` +
				`</x:sheetData></x:worksheet>`}},
			want: []Row{{1, []Cell{str("<raw> & text")}}},
		},
		{
			name: "date styles: built-in, custom, locale prefix; currency and General are numbers (a currency format's symbol kept)",
			book: book{
				numFmts: `<numFmt numFmtId="164" formatCode="yyyy\-mm\-dd"/><numFmt numFmtId="165" formatCode="[$-409]d\-mmm\-yy;@"/>` +
					`<numFmt numFmtId="166" formatCode="&quot;$&quot;#,##0.00"/><numFmt numFmtId="167" formatCode="[Red]#,##0.00;[Blue]-#,##0.00"/>` +
					`<numFmt numFmtId="168" formatCode="h:mm AM/PM"/>`,
				xfs: []int{14, 164, 165, 166, 167, 0, 22, 168, 8},
				sheets: []string{`<row r="1"><c r="A1" s="1"><v>45000</v></c><c r="B1" s="2"><v>45000</v></c><c r="C1" s="3"><v>45000.5</v></c>` +
					`<c r="D1" s="4"><v>1234.5</v></c><c r="E1" s="5"><v>12</v></c><c r="F1" s="6"><v>7</v></c><c r="G1" s="7"><v>45000.25</v></c><c r="H1" s="8">` +
					`<v>0.75</v></c><c r="I1" s="9"><v>3.5</v></c></row>`},
			},
			want: []Row{{1, []Cell{{KindDate, "2023-03-15", 45000, ""}, {KindDate, "2023-03-15", 45000, ""}, {KindDate, "2023-03-15T12:00:00", 45000.5, ""},
				{KindNumber, "1234.5", 1234.5, "$"}, num(12, "12"), num(7, "7"), {KindDate, "2023-03-15T06:00:00", 45000.25, ""}, {KindDate, "18:00:00", 0.75,
					""}, num(3.5, "3.5")}}},
		},
		{
			name: "1904 date system becomes 1900 serials",
			book: book{date1904: true, xfs: []int{14}, sheets: []string{`<row r="1"><c r="A1" s="1"><v>43538</v></c><c r="B1"><v>43538</v></c></row>`}},
			want: []Row{{1, []Cell{{KindDate, "2023-03-15", 45000, ""}, num(43538, "43538")}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, rows, err := readBytes("t.xlsx", tt.book.zip(t), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(rows, tt.want) {
				t.Errorf("rows\n got %v\nwant %v", rows, tt.want)
			}
		})
	}
}

func str(s string) Cell             { return Cell{Kind: KindString, Text: s} }
func num(v float64, s string) Cell  { return Cell{Kind: KindNumber, Text: s, Number: v} }
func date(v float64, s string) Cell { return Cell{Kind: KindDate, Text: s, Number: v} }

func TestXLSXSheets(t *testing.T) {
	// A hidden second sheet, a chart sheet in between and an absolute target.
	data := zipOf(t,
		part{"_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + relNS + `officeDocument" Target="/xl/workbook.xml"/></Relationships>`},
		part{"xl/workbook.xml", `<workbook ` + nsMain + `><sheets><sheet name="Devices" sheetId="1" r:id="rId1"/>` +
			`<sheet name="Chart1" sheetId="3" r:id="rId3"/><sheet name="Secret" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>`},
		part{"xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + relNS + `worksheet" Target="/xl/worksheets/a.xml"/>` +
			`<Relationship Id="rId2" Type="` + relNS + `worksheet" Target="worksheets/../worksheets/b.xml"/>` +
			`<Relationship Id="rId3" Type="` + relNS + `chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>`},
		part{"xl/worksheets/a.xml", `<worksheet ` + nsMain + `><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>d</t></is></c></row></sheetData></worksheet>`},
		part{"xl/worksheets/b.xml", `<worksheet ` + nsMain + `><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>s</t></is></c></row></sheetData></worksheet>`},
		part{"xl/chartsheets/sheet1.xml", `<chartsheet/>`},
	)
	bk, err := Open("t.xlsx", bytes.NewReader(data), int64(len(data)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []SheetInfo{{"Devices", 0, false}, {"Secret", 1, true}}
	if !reflect.DeepEqual(bk.Sheets, want) {
		t.Fatalf("Sheets = %v, want %v", bk.Sheets, want)
	}
	for i, w := range []string{"d", "s"} {
		for r, err := range bk.Rows(i) {
			if err != nil || r.Cells[0].Text != w {
				t.Errorf("sheet %d: %v %v", i, r, err)
			}
		}
	}
}

func TestXLSXExcelizeWorkbook(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Devices")
	f.SetSheetRow("Devices", "A1", &[]any{"Asset Tag", "Cost", "Purchased", "Active", "Twice"})
	f.SetSheetRow("Devices", "A2", &[]any{"IT-0001", 1234.56, time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC), true})
	f.SetCellFormula("Devices", "E2", "B2*2")
	f.SetCellValue("Devices", "C5", "sparse")
	f.NewSheet("Hidden")
	f.SetCellValue("Hidden", "A1", "x")
	f.SetSheetVisible("Hidden", false)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	bk, rows, err := readBytes("t.xlsx", buf.Bytes(), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(bk.Sheets) != 2 || bk.Sheets[0].Name != "Devices" || !bk.Sheets[1].Hidden {
		t.Errorf("Sheets = %v", bk.Sheets)
	}
	want := []Row{
		{1, []Cell{str("Asset Tag"), str("Cost"), str("Purchased"), str("Active"), str("Twice")}},
		{2, []Cell{str("IT-0001"), num(1234.56, "1234.56"), date(45382, "2024-03-31"), {KindBool, "TRUE", 1, ""}}}, // E2: a formula never calculated
		{5, []Cell{{}, {}, str("sparse")}},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows\n got %v\nwant %v", rows, want)
	}
}

func TestXLSXSafety(t *testing.T) {
	bigRow := `<row r="1"><c r="A1" t="inlineStr"><is><t>` + strings.Repeat("x", 1<<20) + `</t></is></c></row>`
	var wide strings.Builder
	wide.WriteString(`<row r="12">`)
	for c := range 16384 {
		wide.WriteString(`<c r="` + colName(c) + `12"><v>1</v></c>`)
	}
	wide.WriteString(`</row>`)
	goodRows := `<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>three</t></is></c></row>`
	full := book{sheets: []string{goodRows}}.zip(t)
	whole := `<?xml version="1.0"?><worksheet ` + nsMain + `><sheetData>` + goodRows + `</sheetData></worksheet>`
	tests := []struct {
		name    string
		data    []byte
		lim     Limits
		target  error
		msgPart string
	}{
		{"zip bomb: inflates past MaxUncompressed", book{sheets: []string{goodRows + `<!--` + strings.Repeat(" ", 4<<20) + `-->`}}.zip(t),
			Limits{MaxUncompressed: 1 << 20}, models.ErrTooLarge, "inflates to more than 1,048,576 bytes"},
		{"zip bomb in shared strings", book{sst: `<si><t>` + strings.Repeat("0", 3<<20) + `</t></si>`, sheets: []string{goodRows}}.zip(t),
			Limits{MaxUncompressed: 1 << 20}, models.ErrTooLarge, "MaxUncompressed"},
		{"XML bomb in a sheet", book{sheets: []string{`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>` +
			`<worksheet ` + nsMain + `><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData>` +
			`</worksheet>`}}.zip(t), Limits{}, models.ErrUnreadable, "DOCTYPE"},
		{"XML bomb in shared strings", book{sst: `<si><t>x</t></si>`, sheets: []string{goodRows}, extra: nil}.zipWithSST(t,
			`<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaa">]><sst><si><t>&a;</t></si></sst>`), Limits{}, models.ErrUnreadable, "DOCTYPE"},
		{"truncated sheet XML", zipOf(t, replacePart(t, full, "xl/worksheets/sheet1.xml", whole[:strings.Index(whole, `<row r="3">`)+14])...), Limits{},
			models.ErrUnreadable, "cut short"},
		{"sheet XML without sheetData end", zipOf(t, replacePart(t, full, "xl/worksheets/sheet1.xml", strings.Replace(whole, "</sheetData></worksheet>", "",
			1))...), Limits{}, models.ErrUnreadable, "cut short"},
		{"unclosed cell", book{sheets: []string{`<row r="1"><c r="A1"><v>1</v></row>`}}.zip(t), Limits{}, models.ErrUnreadable, "row ends inside a cell"},
		{"bad CRC", corruptStored(t, whole, false), Limits{}, models.ErrUnreadable, "damaged"},
		{"bad deflate stream", corruptDeflated(t, full), Limits{}, models.ErrUnreadable, "damaged"},
		{"16,384 columns", book{sheets: []string{wide.String()}}.zip(t), Limits{}, models.ErrTooLarge,
			"sheet Sheet1 row 12: column 1,001 is past the limit of 1,000 columns"},
		{"1 MB cell", book{sheets: []string{bigRow}}.zip(t), Limits{}, models.ErrTooLarge, "sheet Sheet1 row 1: cell A1"},
		{"1 MB shared string", book{sst: `<si><t>` + strings.Repeat("y", 1<<20) + `</t></si>`,
			sheets: []string{`<row r="4"><c r="B4" t="s"><v>0</v></c></row>`}}.zip(t), Limits{}, models.ErrTooLarge, "sheet Sheet1 row 4: cell B4"},
		{"too many rows", book{sheets: []string{goodRows}}.zip(t), Limits{MaxRows: 2}, models.ErrTooLarge, "more than 2 rows"},
		{"shared string index out of range", book{sst: `<si><t>a</t></si>`, sheets: []string{`<row r="1"><c r="A1" t="s"><v>7</v></c></row>`}}.zip(t),
			Limits{}, models.ErrUnreadable, "shared string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, rows, err := readBytes("t.xlsx", tt.data, tt.lim)
			wantKind(t, err, tt.target)
			t.Log(err)
			if !strings.Contains(err.Error(), tt.msgPart) && !strings.Contains(limitName(err), tt.msgPart) {
				t.Errorf("error %q does not mention %q", err, tt.msgPart)
			}
			if len(rows) > 3 {
				t.Errorf("read %d rows before the error", len(rows))
			}
		})
	}
}

func limitName(err error) string {
	var le *LimitError
	if errors.As(err, &le) {
		return le.Limit
	}
	return ""
}

// zipWithSST is b.zip with the sharedStrings part replaced by a whole document.
func (b book) zipWithSST(t *testing.T, doc string) []byte {
	return zipOf(t, replacePart(t, b.zip(t), "xl/sharedStrings.xml", doc)...)
}

// replacePart returns the parts of a zip with one part's body replaced.
func replacePart(t *testing.T, data []byte, name, body string) []part {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var parts []part
	for _, f := range zr.File {
		rc, _ := f.Open()
		var buf bytes.Buffer
		buf.ReadFrom(rc)
		rc.Close()
		p := part{f.Name, buf.String()}
		if f.Name == name {
			p.body = body
		}
		parts = append(parts, p)
	}
	return parts
}

// corruptStored builds a workbook whose sheet is stored (not deflated) and has one byte changed
// after the CRC was computed.
func corruptStored(t *testing.T, sheetXML string, _ bool) []byte {
	t.Helper()
	parts := replacePart(t, book{sheets: []string{""}}.zip(t), "", "")
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		if p.name == "xl/worksheets/sheet1.xml" {
			w, _ := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Store})
			w.Write([]byte(sheetXML))
			continue
		}
		w, _ := zw.Create(p.name)
		w.Write([]byte(p.body))
	}
	zw.Close()
	data := buf.Bytes()
	i := bytes.Index(data, []byte("three"))
	data[i] = 'T'
	return data
}

// corruptDeflated flips bytes in the middle of the deflated sheet.
func corruptDeflated(t *testing.T, data []byte) []byte {
	t.Helper()
	data = bytes.Clone(data)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			off, _ := f.DataOffset()
			for i := off + 2; i < off+int64(f.CompressedSize64)-2; i++ {
				data[i] ^= 0x55
			}
		}
	}
	return data
}

func TestIsDateFormat(t *testing.T) {
	tests := []struct {
		code string
		want bool
	}{
		{"General", false}, {"0.00", false}, {`$#,##0.00`, false}, {`"$"#,##0.00`, false}, {`[Red]#,##0.00`, false},
		{`#,##0 "days"`, false}, {`0.00E+00`, false}, {`[$€-2] #,##0.00`, false}, {`@`, false},
		{"yyyy-mm-dd", true}, {"dd/mm/yyyy", true}, {`[$-409]d\-mmm\-yy;@`, true}, {"h:mm:ss", true},
		{"[h]:mm", true}, {`m/d/yy h:mm`, true}, {`[$-F800]dddd\,\ mmmm\ dd\,\ yyyy`, true}, {`mmm-yy`, true},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			if got := isDateFormat(tt.code); got != tt.want {
				t.Errorf("isDateFormat(%q) = %v, want %v", tt.code, got, tt.want)
			}
		})
	}
}

func TestSerialText(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{1, "1900-01-01"}, {59, "1900-02-28"}, {60, "1900-02-29"}, {61, "1900-03-01"}, {45000, "2023-03-15"},
		{45000.999999, "2023-03-16"}, {0.5, "12:00:00"}, {45382.75, "2024-03-31T18:00:00"}, {-1, "-1"},
	}
	for _, tt := range tests {
		if got := serialText(tt.v); got != tt.want {
			t.Errorf("serialText(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
	for _, s := range []string{"1900-01-01", "1900-03-01", "2023-03-15"} {
		c := isoDateCell(s)
		if serialText(c.Number) != s {
			t.Errorf("round trip %s: serial %v gives %s", s, c.Number, serialText(c.Number))
		}
	}
}

// TestXLSXManyGreaterThans guards against a quadratic scan: a tag holding a million '>' in a
// quoted attribute value must be read in linear time (this once hung the fuzzer).
func TestXLSXManyGreaterThans(t *testing.T) {
	data := book{sheets: []string{`<row r="1" x="` + strings.Repeat(">", 1<<20) + `"><c r="A1"><v>1</v></c></row>`}}.zip(t)
	_, rows, err := readBytes("q.xlsx", data, Limits{})
	if err != nil || len(rows) != 1 {
		t.Fatalf("rows %v, err %v", rows, err)
	}
}
