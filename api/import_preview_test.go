package api

import (
	"archive/zip"
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf16"

	"itreg/importers"
	"itreg/models"
)

// previewUpload posts a multipart preview.
func (a *testAPI) previewUpload(role, name string, file []byte, fields map[string]string) *httptest.ResponseRecorder {
	a.t.Helper()
	body, ctype := multipartBody(a.t, name, file, fields)
	return a.do(req{Method: "POST", Path: "/api/v1/imports/preview", Role: role, Body: body, Header: map[string]string{"Content-Type": ctype}})
}

// lockedWorkbook is the start of a password-protected workbook (an OLE2 file with an EncryptedPackage).
func lockedWorkbook() []byte {
	b := make([]byte, 4096)
	copy(b, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
	for i, u := range utf16.Encode([]rune("EncryptedPackage")) {
		b[1024+64+2*i], b[1024+64+2*i+1] = byte(u), byte(u>>8)
	}
	return b
}

// zipBomb is a workbook whose one sheet inflates to 300 MiB, past the 256 MiB limit.
func zipBomb(t *testing.T) []byte {
	t.Helper()
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" ` +
			`Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
			`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Devices" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" ` +
			`Target="worksheets/sheet1.xml"/></Relationships>`},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(p.body))
	}
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`))
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for range 300 {
		w.Write(chunk)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestImportPreviewAPI(t *testing.T) {
	csv := []byte("Asset Tag,Serial No / Service Tag,Issued To,Warranty,Device Type\n" +
		"A-1,S1,Ana,YES,Laptop\nA-2,S2,Bo,NO,PDU\nA-3,S3,Cy,YES,Laptop\n")
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		t.Run("preview of a file", func(t *testing.T) {
			res := mustJSON[importers.PreviewResult](t, a.previewUpload("editor", "office.csv", csv, map[string]string{"kind": "Devices"}), http.StatusOK)
			sh := res.Sheets[0]
			if sh.Kind != "device" || sh.Rows != 3 || len(sh.Columns) != 5 {
				t.Fatalf("sheet %+v", sh)
			}
			got := map[string]string{}
			for _, c := range sh.Columns {
				got[c.Header] = c.Field
			}
			if got["Serial No / Service Tag"] != "serial_number" || got["Issued To"] != "assigned_to" || got["Warranty"] != "" {
				t.Fatalf("fields %v", got)
			}
			if len(sh.Findings) != 1 || !strings.Contains(sh.Findings[0], "`Warranty` holds YES/NO") {
				t.Fatalf("findings %v", sh.Findings)
			}
		})
		bad := []struct {
			name          string
			file          string
			data          []byte
			fields        map[string]string
			status        int
			code, message string
		}{
			// A category may be mapped to a new one (the import creates it); a status may not.
			{"value map to an unknown value", "d.csv", csv, map[string]string{"value_map": `{"status": {"PDU": "power"}}`},
				http.StatusUnprocessableEntity, "validation_failed", `\"power\", which is not a status`},
			{"value map to a name no category may have", "d.csv", csv, map[string]string{"value_map": `{"category": {"PDU": "a,b"}}`},
				http.StatusUnprocessableEntity, "validation_failed", "must not contain a comma"},
			{"encrypted workbook", "locked.xlsx", lockedWorkbook(), nil, http.StatusUnprocessableEntity, "unreadable_file", "password-protected"},
			{"zip bomb", "bomb.xlsx", zipBomb(t), nil, http.StatusRequestEntityTooLarge, "too_large", ""},
			{"file over the limit", "big.csv", bytes.Repeat([]byte("x"), 21<<20), nil, http.StatusRequestEntityTooLarge, "too_large", ""},
			{"bad option", "d.csv", csv, map[string]string{"kind": "spaceships"}, http.StatusBadRequest, "bad_parameter", "kind"},
		}
		for _, tc := range bad {
			t.Run(tc.name, func(t *testing.T) {
				w := a.previewUpload("editor", tc.file, tc.data, tc.fields)
				wantError(t, w, tc.status, tc.code, "")
				if !strings.Contains(w.Body.String(), tc.message) {
					t.Fatalf("body does not say %q: %s", tc.message, w.Body.String())
				}
			})
		}
		t.Run("a viewer may not preview", func(t *testing.T) {
			wantError(t, a.previewUpload("viewer", "d.csv", csv, nil), http.StatusForbidden, "forbidden", "")
		})
		t.Run("a preview writes nothing", func(t *testing.T) {
			runs, err := a.store.ListImportRuns(context.Background(), models.ImportRunFilter{})
			if err != nil || runs.Total != 0 || a.deviceTotal() != 0 {
				t.Fatalf("runs %d devices %d err %v", runs.Total, a.deviceTotal(), err)
			}
		})
	})
}
