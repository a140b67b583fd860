package sheet

import (
	"bytes"
	"errors"
	"testing"

	"itreg/models"
)

// FuzzOpen feeds arbitrary bytes, as workbooks and as CSV, to Open and Rows: they must never
// panic, and every error must be a *FileError or *LimitError.
func FuzzOpen(f *testing.F) {
	f.Add([]byte("a,b\n1,2\n"))
	f.Add([]byte("\xEF\xBB\xBFx;y\r\"q\"\"\";2\r"))
	f.Add([]byte("\xFF\xFEa\x00,\x00b\x00"))
	f.Add(ole2(true))
	f.Add(book{sst: `<si><r><t>a</t></r></si>`, xfs: []int{14}, sheets: []string{
		`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>45000</v></c><c t="inlineStr"><is><t>x&amp;</t></is></c><c t="b"><v>1</v></c></row><row>` +
			`<c r="XFD2"><v>1</v></c></row>`}}.zip(f))
	f.Add(book{sheets: []string{`<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1"><f>1</f></c>`}}.zip(f))
	f.Fuzz(func(t *testing.T, data []byte) {
		lim := Limits{MaxUncompressed: 8 << 20, MaxRows: 1000, MaxColumns: 100, MaxCellBytes: 1000}
		for _, name := range []string{"f.xlsx", "f.tsv"} {
			b, err := Open(name, bytes.NewReader(data), int64(len(data)), lim)
			if err != nil {
				checkErr(t, err)
				continue
			}
			for i := range b.Sheets {
				for _, err := range b.Rows(i) {
					if err != nil {
						checkErr(t, err)
					}
				}
			}
			b.Close()
		}
	})
}

func checkErr(t *testing.T, err error) {
	if !errors.Is(err, models.ErrUnreadable) && !errors.Is(err, models.ErrTooLarge) {
		t.Fatalf("error %v (%T) is neither models.ErrUnreadable nor models.ErrTooLarge", err, err)
	}
}

// TestZipMutations flips bytes of a valid workbook's zip, a cheap deterministic fuzz.
func TestZipMutations(t *testing.T) {
	data := book{sst: `<si><t>a</t></si><si><r><t>b</t></r></si>`, xfs: []int{14}, sheets: []string{
		`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" s="1"><v>45000</v></c></row><row r="2"><c r="A2" t="inlineStr"><is>` +
			`<t>x</t></is></c></row>`}}.zip(t)
	for i := 0; i < len(data); i++ {
		m := bytes.Clone(data)
		m[i] ^= 0xFF
		b, err := Open("m.xlsx", bytes.NewReader(m), int64(len(m)), Limits{})
		if err != nil {
			checkErr(t, err)
			continue
		}
		for s := range b.Sheets {
			for _, err := range b.Rows(s) {
				if err != nil {
					checkErr(t, err)
				}
			}
		}
	}
}
