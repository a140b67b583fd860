package importers_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf16"

	"itreg/importers"
	"itreg/importers/sheet"
	"itreg/models"
)

// encryptedWorkbook is the start of an OLE2 file holding an EncryptedPackage stream, which is
// what Excel writes for a password-protected workbook.
func encryptedWorkbook() []byte {
	b := make([]byte, 4096)
	copy(b, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
	for i, u := range utf16.Encode([]rune("EncryptedPackage")) {
		b[1024+64+2*i], b[1024+64+2*i+1] = byte(u), byte(u>>8)
	}
	return b
}

func mustPreview(tb testing.TB, name string, data []byte, opt importers.Options) *importers.PreviewResult {
	tb.Helper()
	res, err := importers.Preview(context.Background(), name, bytes.NewReader(data), int64(len(data)), opt)
	if err != nil {
		tb.Fatalf("Preview(%s): %v", name, err)
	}
	return res
}

func column(tb testing.TB, sh importers.PreviewSheet, header string) importers.PreviewColumn {
	tb.Helper()
	for _, c := range sh.Columns {
		if c.Header == header {
			return c
		}
	}
	tb.Fatalf("no column %q in %+v", header, sh.Columns)
	return importers.PreviewColumn{}
}

func TestPreviewShowsHowTheFileWillBeRead(t *testing.T) {
	data := []byte("Inventory export\n\nAsset Tag,Serial No / Service Tag,Device Type,Purchase Date,Warranty,Colour,Status,Device Status\n" +
		"A-1,S1,Laptop,2024-01-15,YES,red,In use,x\n" +
		"A-2,S2,PDU,03/05/2024,NO,blue,In stock,y\n" +
		"A-3,S3,PDU,31/12/2024,YES,,Retired,z\n" +
		"A-4,S4,Server,not yet,YES,,Lost,w\n")
	res := mustPreview(t, "inv.csv", data, importers.Options{})
	sh := res.Sheets[0]
	if sh.Kind != "device" || sh.HeaderRow != 3 || sh.Rows != 4 {
		t.Fatalf("sheet %+v", sh)
	}
	tests := []struct {
		name                      string
		header, field, confidence string
		reason, parsed, unmatched string
		samples                   int
	}{
		{"exact header", "Asset Tag", "asset_tag", "high", "the name of asset tag", "4 values", "", 4},
		{"compound header", "Serial No / Service Tag", "serial_number", "low", "compound header", "4 values", "", 4},
		{"synonym with unknown values", "Device Type", "category", "medium", "synonym of category", "2 not a category",
			"PDU=2", 4},
		{"dates: ambiguous and bad", "Purchase Date", "purchase_date", "high", "", "2 dates, 1 ambiguous day/month, 1 not a date", "", 4},
		{"yes/no in a number column", "Warranty", "", "", "`Warranty` holds YES/NO, not a number of months", "", "", 4},
		{"unknown header", "Colour", "", "", "no field has this header", "2 values", "", 2},
		{"exact name wins the conflict", "Status", "status", "high", "", "4 known status values", "", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := column(t, sh, tt.header)
			if c.Field != tt.field || c.Confidence != tt.confidence || !strings.Contains(c.Reason, tt.reason) ||
				!strings.Contains(c.Parsed, tt.parsed) || len(c.Samples) != tt.samples {
				t.Fatalf("column %+v", c)
			}
			if tt.unmatched != "" {
				got := []string{}
				for _, u := range c.Unmatched {
					got = append(got, u.Value+"="+string(rune('0'+u.Count)))
				}
				if !strings.Contains(strings.Join(got, ","), tt.unmatched) {
					t.Fatalf("unmatched %v, want %s", got, tt.unmatched)
				}
			}
		})
	}
	t.Run("conflicts, unmapped and findings", func(t *testing.T) {
		if len(sh.Conflicts) != 1 || sh.Conflicts[0].Field != "status" || sh.Conflicts[0].Chosen != "Status" || len(sh.Conflicts[0].Columns) != 2 {
			t.Fatalf("conflicts %+v", sh.Conflicts)
		}
		if strings.Join(sh.Unmapped, ",") != "Warranty,Colour,Device Status" {
			t.Fatalf("unmapped %v", sh.Unmapped)
		}
		if len(sh.Findings) != 1 || len(sh.MissingRequired) != 0 {
			t.Fatalf("findings %v missing %v", sh.Findings, sh.MissingRequired)
		}
	})
	t.Run("a value mapping makes the values understood", func(t *testing.T) {
		opt, err := importers.ParseOptions(importers.Options{}, map[string]string{"value_map": `{"category": {"pdu": "other"}}`})
		if err != nil {
			t.Fatal(err)
		}
		c := column(t, mustPreview(t, "inv.csv", data, opt).Sheets[0], "Device Type")
		if c.Parsed != "4 known category values" || len(c.Unmatched) != 0 {
			t.Fatalf("column %+v", c)
		}
	})
	t.Run("required fields with no column", func(t *testing.T) {
		res := mustPreview(t, "l.csv", []byte("Publisher,Seats,Reference\nAcme,5,R1\n"), importers.Options{Kind: "Licences"})
		if got := strings.Join(res.Sheets[0].MissingRequired, ","); !strings.Contains(got, "product") {
			t.Fatalf("missing required %q", got)
		}
	})
}

func TestPreviewBadInputGivesTheImportsErrors(t *testing.T) {
	header := row(1, "Asset Tag", "Serial Number", "Category")
	bomb := header + strings.Repeat(row(2, "A-1", "S-1", "laptop"), 60000)
	tests := []struct {
		name    string
		file    string
		data    []byte
		limits  sheet.Limits
		wantErr error
		message string
	}{
		{"zip bomb", "bomb.xlsx", xlsxOf(t, bomb), sheet.Limits{MaxUncompressed: 1 << 20}, models.ErrTooLarge, "zip bomb"},
		{"encrypted workbook", "locked.xlsx", encryptedWorkbook(), sheet.Limits{}, models.ErrUnreadable, "password-protected"},
		{"file over the limit", "big.csv", bytes.Repeat([]byte("Asset Tag,Serial\nA,B\n"), 2000), sheet.Limits{MaxRows: 100}, models.ErrTooLarge, "rows"},
		{"empty file", "empty.csv", nil, sheet.Limits{}, models.ErrUnreadable, "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := importers.Preview(context.Background(), tt.file, bytes.NewReader(tt.data), int64(len(tt.data)), importers.Options{Limits: tt.limits})
			if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.message) {
				t.Fatalf("err = %v, want %v containing %q", err, tt.wantErr, tt.message)
			}
		})
	}
}
