package sheettest

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// WriteDevicesXLSX writes a workbook with one sheet "Devices": a header and rows device rows.
// It writes the package itself, laid out as Excel does (strings in xl/sharedStrings.xml,
// t="s" cells, purchase and EOL dates as serials with a date style, costs as numbers with a
// "#,##0.00" style, spans and r attributes on every row and cell), because excelize's
// StreamWriter writes inline strings and its in-memory writer needs gigabytes for 100k rows.
// excelize reads the result (the benchmarks in importers/sheet do).
func WriteDevicesXLSX(path string, rows int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	err = writeDevicesXLSX(f, rows)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func writeDevicesXLSX(w io.Writer, rows int) error {
	zw := zip.NewWriter(w)
	for _, p := range [][2]string{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rootRels},
		{"xl/workbook.xml", workbookXML},
		{"xl/_rels/workbook.xml.rels", workbookRels},
		{"xl/styles.xml", stylesXML},
	} {
		fw, err := zw.Create(p[0])
		if err != nil {
			return err
		}
		if _, err := io.WriteString(fw, p[1]); err != nil {
			return err
		}
	}
	sst := newStrings()
	fw, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(fw, 1<<20)
	fmt.Fprintf(bw, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\r\n"+
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`+
		`<dimension ref="A1:T%d"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData>`, rows+1)
	bw.WriteString(`<row r="1" spans="1:20">`)
	for c, h := range DevicesHeader {
		writeStringCell(bw, sst, c, 1, h)
	}
	bw.WriteString(`</row>`)
	var num []byte
	err = devices(rows, func(i int, d *device) error {
		r := i + 2
		num = strconv.AppendInt(num[:0], int64(r), 10)
		bw.WriteString(`<row r="`)
		bw.Write(num)
		bw.WriteString(`" spans="1:20">`)
		for c := range DevicesHeader {
			switch c {
			case ColPurchaseDate:
				writeNumberCell(bw, c, r, 1, strconv.Itoa(serial1900(d.purchase)))
			case ColEOLDate:
				writeNumberCell(bw, c, r, 1, strconv.Itoa(serial1900(d.eol)))
			case ColPurchaseCost:
				writeNumberCell(bw, c, r, 2, strconv.FormatFloat(d.cost, 'f', -1, 64))
			case ColLifetimeMonths:
				writeNumberCell(bw, c, r, 0, strconv.Itoa(d.months))
			default:
				if d.text[c] != "" {
					writeStringCell(bw, sst, c, r, d.text[c])
				}
			}
		}
		_, err := bw.WriteString(`</row>`)
		return err
	})
	if err != nil {
		return err
	}
	bw.WriteString(`</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`)
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := sst.write(zw); err != nil {
		return err
	}
	return zw.Close()
}

var cols = func() []string {
	s := make([]string, 20)
	for i := range s {
		s[i] = string(rune('A' + i))
	}
	return s
}()

func writeStringCell(bw *bufio.Writer, sst *sharedStrings, c, r int, s string) {
	bw.WriteString(`<c r="`)
	bw.WriteString(cols[c])
	bw.WriteString(strconv.Itoa(r))
	bw.WriteString(`" t="s"><v>`)
	bw.WriteString(strconv.Itoa(sst.index(s)))
	bw.WriteString(`</v></c>`)
}

func writeNumberCell(bw *bufio.Writer, c, r, style int, v string) {
	bw.WriteString(`<c r="`)
	bw.WriteString(cols[c])
	bw.WriteString(strconv.Itoa(r))
	if style != 0 {
		bw.WriteString(`" s="`)
		bw.WriteString(strconv.Itoa(style))
	}
	bw.WriteString(`"><v>`)
	bw.WriteString(v)
	bw.WriteString(`</v></c>`)
}

// serial1900 is Excel's serial for a date after 1900-02-28.
func serial1900(t time.Time) int {
	return int(t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}

type sharedStrings struct {
	idx   map[string]int
	list  []string
	count int
}

func newStrings() *sharedStrings { return &sharedStrings{idx: map[string]int{}} }

func (s *sharedStrings) index(v string) int {
	s.count++
	if i, ok := s.idx[v]; ok {
		return i
	}
	s.idx[v] = len(s.list)
	s.list = append(s.list, v)
	return len(s.list) - 1
}

func (s *sharedStrings) write(zw *zip.Writer) error {
	fw, err := zw.Create("xl/sharedStrings.xml")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(fw, 1<<20)
	fmt.Fprintf(bw, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\r\n"+
		`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, s.count, len(s.list))
	for _, v := range s.list {
		if strings.TrimSpace(v) != v {
			bw.WriteString(`<si><t xml:space="preserve">`)
		} else {
			bw.WriteString(`<si><t>`)
		}
		bw.WriteString(escaper.Replace(v))
		bw.WriteString(`</t></si>`)
	}
	bw.WriteString(`</sst>`)
	return bw.Flush()
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
	`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
	`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
	`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`

const rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`

const workbookXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
	`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr defaultThemeVersion="164011"/><bookViews>` +
	`<workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="12300"/></bookViews><sheets>` +
	`<sheet name="Devices" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="191029"/></workbook>`

const workbookRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
	`</Relationships>`

// Styles: 0 General, 1 a date (built-in format 14), 2 "#,##0.00" (built-in format 4).
const stylesXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/>` +
	`<family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>` +
	`</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1">` +
	`<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3">` +
	`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
	`<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1">` +
	`<cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`
