package api

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"itreg/importers"
	"itreg/models"
	"itreg/models/modeltest"
)

// upload posts a multipart import: the file under "file" (unless name is "") and the fields.
func (a *testAPI) upload(role, name string, file []byte, fields map[string]string) *httptest.ResponseRecorder {
	a.t.Helper()
	body, ctype := multipartBody(a.t, name, file, fields)
	return a.do(req{Method: "POST", Path: "/api/v1/imports", Role: role, Body: body, Header: map[string]string{"Content-Type": ctype}})
}

func multipartBody(t *testing.T, name string, file []byte, fields map[string]string) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if name != "" {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(file)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), mw.FormDataContentType()
}

// deviceTotal counts the devices in the register.
func (a *testAPI) deviceTotal() int64 {
	a.t.Helper()
	res, err := a.store.ListDevices(context.Background(), models.DeviceFilter{})
	if err != nil {
		a.t.Fatal(err)
	}
	return res.Total
}

// startWorker runs the background import worker until the test ends.
func (a *testAPI) startWorker() {
	ctx, cancel := context.WithCancel(context.Background())
	done := importers.StartWorker(ctx, a.store, importers.WorkerOptions{Poll: 10 * time.Millisecond, Heartbeat: 20 * time.Millisecond,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	a.t.Cleanup(func() { cancel(); <-done })
}

// waitImport polls an import until its status is final.
func (a *testAPI) waitImport(path string) ImportResponse {
	a.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		got := mustJSON[ImportResponse](a.t, a.do(req{Method: "GET", Path: path, Role: "editor"}), http.StatusOK)
		if got.Status != models.ImportQueued && got.Status != models.ImportRunning {
			return got
		}
		if time.Now().After(deadline) {
			a.t.Fatalf("import %s still %s", path, got.Status)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// readXLSX opens a workbook response.
func readXLSX(t *testing.T, w *httptest.ResponseRecorder) *excelize.File {
	t.Helper()
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body.String())
	}
	if ct := w.Header().Get("Content-Type"); ct != xlsxType {
		t.Errorf("content type %q", ct)
	}
	f, err := excelize.OpenReader(bytes.NewReader(w.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

const devicesUpload = `Asset Tag,Serial Number,Category,Manufacturer,Model,Status,Purchase Date,Purchase Cost
A-1,SN1,Laptop,Dell,Latitude,In use,2024-01-15,"1,200.00"
A-2,SN2,Desktop,HP,ProDesk,In stock,2024-02-01,800
A-3,SN3,Monitor,Dell,P2723,deployed,2024-03-01,250.5
`

// badDevicesXLSX is a devices workbook with a title row, one good row and two bad rows whose
// other cells are a date cell, a number and text.
func badDevicesXLSX(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	rows := [][]any{
		{"Hardware register"},
		{"Asset Tag", "Category", "Status", "Purchase Date", "Purchase Cost", "Model"},
		{"B-1", "laptop", "deployed", time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC), 1200.5, "Latitude"},
		{"B-2", "toaster", "deployed", time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC), 99.25, "Bread 2000"},
		{"B-3", "laptop", "deployed", "31/02/2024", 10, "=SUM(1,2)"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []string{"D3", "D4"} {
		f.SetCellStyle("Sheet1", c, c, dateStyle)
	}
	f.SetSheetName("Sheet1", "Devices")
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestImportsAPI(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		csv := []byte(devicesUpload)
		var firstID int64
		t.Run("dry run writes nothing", func(t *testing.T) {
			w := a.upload("editor", "devices.csv", csv, map[string]string{"dry_run": "true", "currency": "gbp"})
			got := mustJSON[ImportResponse](t, w, http.StatusOK)
			if got.Status != models.ImportSucceeded || !got.DryRun || got.Counts.Created != 3 || got.Counts.Rows != 3 {
				t.Fatalf("dry run %+v", got)
			}
			if n := a.deviceTotal(); n != 0 {
				t.Errorf("dry run wrote %d devices", n)
			}
			if got.ID == 0 || w.Header().Get("Location") != importPath(got.ID) {
				t.Errorf("id %d location %q", got.ID, w.Header().Get("Location"))
			}
		})
		t.Run("commit", func(t *testing.T) {
			w := a.upload("editor", "devices.csv", csv, nil)
			got := mustJSON[ImportResponse](t, w, http.StatusCreated)
			if got.Status != models.ImportSucceeded || got.Counts != (importers.Counts{Rows: 3, Created: 3}) || got.Actor != "token:editor-user" {
				t.Fatalf("commit %+v", got)
			}
			if n := a.deviceTotal(); n != 3 {
				t.Errorf("devices = %d, want 3", n)
			}
			if got.ErrorsURL != "" || len(got.Sheets) != 1 || got.Sheets[0].Kind != "device" {
				t.Errorf("sheets %+v errors_url %q", got.Sheets, got.ErrorsURL)
			}
			firstID = got.ID
		})
		t.Run("re-import unchanged", func(t *testing.T) {
			got := mustJSON[ImportResponse](t, a.upload("admin", "devices.csv", csv, nil), http.StatusCreated)
			if got.Counts != (importers.Counts{Rows: 3, Unchanged: 3}) {
				t.Fatalf("re-import counts %+v", got.Counts)
			}
		})
		t.Run("get one", func(t *testing.T) {
			got := mustJSON[ImportResponse](t, a.do(req{Method: "GET", Path: importPath(firstID), Role: "editor"}), http.StatusOK)
			if got.ID != firstID || got.Status != models.ImportSucceeded || got.Counts.Created != 3 || got.FileName != "devices.csv" ||
				got.Progress != (ImportProgress{Done: 3, Total: 3}) || len(got.Sheets) != 1 || got.FinishedAt == nil {
				t.Fatalf("get %+v", got)
			}
		})

		var invalidID int64
		t.Run("invalid rows answer 200 with the errors", func(t *testing.T) {
			got := mustJSON[ImportResponse](t, a.upload("editor", "register.xlsx", badDevicesXLSX(t), nil), http.StatusOK)
			if got.Status != models.ImportInvalid || got.Counts.Failed != 2 || got.Counts.Rows != 3 || len(got.Errors) < 2 {
				t.Fatalf("invalid %+v", got)
			}
			if got.ErrorsURL != importPath(got.ID)+"/errors.xlsx" {
				t.Errorf("errors_url %q", got.ErrorsURL)
			}
			if n := a.deviceTotal(); n != 3 {
				t.Errorf("an invalid import wrote: %d devices", n)
			}
			invalidID = got.ID
		})
		t.Run("error workbook", func(t *testing.T) {
			f := readXLSX(t, a.do(req{Method: "GET", Path: importPath(invalidID) + "/errors.xlsx", Role: "editor"}))
			checkErrorWorkbook(t, f)
		})
		t.Run("list", func(t *testing.T) {
			list := mustJSON[ListResponse[ImportSummary]](t, a.do(req{Method: "GET", Path: "/api/v1/imports", Role: "editor"}), http.StatusOK)
			if list.Total != 4 || list.Items[0].ID != invalidID || list.Items[0].ErrorsURL == "" {
				t.Fatalf("list %+v", list)
			}
			inv := mustJSON[ListResponse[ImportSummary]](t, a.do(req{Method: "GET", Path: "/api/v1/imports?status=invalid", Role: "editor"}), http.StatusOK)
			if inv.Total != 1 || inv.Items[0].Counts.Failed != 2 {
				t.Fatalf("invalid list %+v", inv)
			}
		})

		ole2 := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 1024)...)
		png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 64)...)
		bad := []struct {
			name   string
			w      func() *httptest.ResponseRecorder
			status int
			code   string
			field  string
			msg    string
		}{
			{"legacy xls", func() *httptest.ResponseRecorder { return a.upload("editor", "old.xls", ole2, nil) }, 422, "unreadable_file", "",
				"legacy Excel 97-2003 .xls"},
			{"png named xlsx", func() *httptest.ResponseRecorder { return a.upload("editor", "photo.xlsx", png, nil) }, 422, "unreadable_file", "", ""},
			{"empty file", func() *httptest.ResponseRecorder { return a.upload("editor", "empty.csv", nil, nil) }, 422, "unreadable_file", "", "empty"},
			{"cell over the limit", func() *httptest.ResponseRecorder {
				return a.upload("editor", "long.csv", []byte("Asset Tag,Notes\nA-9,"+strings.Repeat("x", 40000)+"\n"), nil)
			}, 413, "too_large", "", ""},
			{"no file part", func() *httptest.ResponseRecorder {
				return a.upload("editor", "", nil, map[string]string{"kind": "device"})
			}, 400, "bad_request", "", "file"},
			{"bad kind", func() *httptest.ResponseRecorder {
				return a.upload("editor", "d.csv", csv, map[string]string{"kind": "gadget"})
			}, 400, "bad_parameter", "kind", ""},
			{"bad date order", func() *httptest.ResponseRecorder {
				return a.upload("editor", "d.csv", csv, map[string]string{"date_order": "dym"})
			}, 400, "bad_parameter", "date_order", ""},
			{"bad currency", func() *httptest.ResponseRecorder {
				return a.upload("editor", "d.csv", csv, map[string]string{"currency": "ZZZ"})
			}, 400, "bad_parameter", "currency", ""},
			{"mapping not JSON", func() *httptest.ResponseRecorder {
				return a.upload("editor", "d.csv", csv, map[string]string{"mapping": "{S/N: serial"})
			}, 400, "bad_parameter", "mapping", ""},
			{"mapping to a system field", func() *httptest.ResponseRecorder {
				return a.upload("editor", "d.csv", csv, map[string]string{"mapping": `{"Asset Tag": "id"}`})
			}, 400, "bad_parameter", "", "itreg sets itself"},
			{"bad boolean", func() *httptest.ResponseRecorder {
				return a.upload("editor", "d.csv", csv, map[string]string{"dry_run": "maybe"})
			}, 400, "bad_parameter", "dry_run", ""},
			{"unknown field", func() *httptest.ResponseRecorder {
				return a.upload("editor", "d.csv", csv, map[string]string{"colour": "red"})
			}, 400, "bad_parameter", "colour", ""},
			{"not multipart", func() *httptest.ResponseRecorder {
				return a.do(req{Method: "POST", Path: "/api/v1/imports", Role: "editor", Body: map[string]any{"file": "x"}})
			}, 415, "unsupported_media_type", "", ""},
			{"viewer uploads", func() *httptest.ResponseRecorder { return a.upload("viewer", "d.csv", csv, nil) }, 403, "forbidden", "", ""},
			{"viewer lists", func() *httptest.ResponseRecorder {
				return a.do(req{Method: "GET", Path: "/api/v1/imports", Role: "viewer"})
			}, 403, "forbidden", "", ""},
			{"viewer exports", func() *httptest.ResponseRecorder {
				return a.do(req{Method: "GET", Path: "/api/v1/export.xlsx", Role: "viewer"})
			}, 403, "forbidden", "", ""},
			{"no token", func() *httptest.ResponseRecorder { return a.upload("", "d.csv", csv, nil) }, 401, "unauthorized", "", ""},
			{"bad status filter", func() *httptest.ResponseRecorder {
				return a.do(req{Method: "GET", Path: "/api/v1/imports?status=done", Role: "editor"})
			}, 400, "bad_parameter", "status", ""},
			{"missing import", func() *httptest.ResponseRecorder {
				return a.do(req{Method: "GET", Path: "/api/v1/imports/999", Role: "editor"})
			}, 404, "not_found", "", ""},
			{"non-numeric import", func() *httptest.ResponseRecorder {
				return a.do(req{Method: "GET", Path: "/api/v1/imports/abc", Role: "editor"})
			}, 404, "not_found", "", ""},
			{"errors of a clean import", func() *httptest.ResponseRecorder {
				return a.do(req{Method: "GET", Path: importPath(firstID) + "/errors.xlsx", Role: "editor"})
			}, 404, "not_found", "", "no rows"},
		}
		for _, tc := range bad {
			t.Run(tc.name, func(t *testing.T) {
				w := tc.w()
				wantError(t, w, tc.status, tc.code, tc.field)
				if tc.msg != "" && !strings.Contains(w.Body.String(), tc.msg) {
					t.Errorf("message does not say %q: %s", tc.msg, w.Body.String())
				}
			})
		}
		t.Run("bad uploads wrote nothing", func(t *testing.T) {
			if n := a.deviceTotal(); n != 3 {
				t.Errorf("devices = %d, want 3", n)
			}
			list := mustJSON[ListResponse[ImportSummary]](t, a.do(req{Method: "GET", Path: "/api/v1/imports", Role: "editor"}), http.StatusOK)
			if list.Total != 4 {
				t.Errorf("import runs = %d, want 4", list.Total)
			}
		})
	})
}

// checkErrorWorkbook checks the error workbook of badDevicesXLSX cell by cell.
func checkErrorWorkbook(t *testing.T, f *excelize.File) {
	t.Helper()
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "Devices" || got[1] != importers.HowToFixSheet {
		t.Fatalf("sheets %v", got)
	}
	rows, err := f.GetRows("Devices")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("rows %q, want the header and the two bad rows", rows)
	}
	cells := []struct{ cell, want string }{
		{"A1", "Asset Tag"}, {"D1", "Purchase Date"}, {"G1", "Errors"},
		{"A2", "B-2"}, {"B2", "toaster"}, {"F2", "Bread 2000"},
		{"A3", "B-3"}, {"D3", "31/02/2024"}, {"F3", "=SUM(1,2)"},
	}
	for _, c := range cells {
		if got, _ := f.GetCellValue("Devices", c.cell); got != c.want {
			t.Errorf("Devices!%s = %q, want %q", c.cell, got, c.want)
		}
	}
	// A date cell stays a date (a number with a date format), a number stays a number.
	for _, c := range []struct{ cell, raw string }{{"D2", "45323"}, {"E2", "99.25"}, {"E3", "10"}} {
		raw, _ := f.GetCellValue("Devices", c.cell, excelize.Options{RawCellValue: true})
		typ, _ := f.GetCellType("Devices", c.cell)
		if raw != c.raw || (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset) {
			t.Errorf("Devices!%s = %q (type %v), want the number %s", c.cell, raw, typ, c.raw)
		}
	}
	if got, _ := f.GetCellValue("Devices", "D2"); got != "2024-02-01" {
		t.Errorf("Devices!D2 shows %q, want a date", got)
	}
	for cell, wants := range map[string][]string{
		"G2": {"Category", "toaster"},
		"G3": {"Purchase Date", "31/02/2024"},
	} {
		got, _ := f.GetCellValue("Devices", cell)
		for _, w := range wants {
			if !strings.Contains(got, w) {
				t.Errorf("Devices!%s = %q, does not name %q", cell, got, w)
			}
		}
	}
	if got, _ := f.GetCellValue(importers.HowToFixSheet, "A1"); got == "" {
		t.Error("the How to fix sheet is empty")
	}
}

func TestImportJobs(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		a.server.ImportJobBytes = 100
		a.startWorker()
		t.Run("a large upload runs as a job", func(t *testing.T) {
			w := a.upload("editor", "devices.csv", []byte(devicesUpload), nil)
			queued := mustJSON[ImportResponse](t, w, http.StatusAccepted)
			loc := w.Header().Get("Location")
			if queued.Status != models.ImportQueued || loc != importPath(queued.ID) {
				t.Fatalf("queued %+v location %q", queued, loc)
			}
			done := a.waitImport(loc)
			if done.Status != models.ImportSucceeded || done.Counts != (importers.Counts{Rows: 3, Created: 3}) ||
				done.Progress != (ImportProgress{Done: 3, Total: 3}) || done.Actor != "token:editor-user" || len(done.Sheets) != 1 {
				t.Fatalf("job %+v", done)
			}
			if n := a.deviceTotal(); n != 3 {
				t.Errorf("devices = %d, want 3", n)
			}
		})
		t.Run("a job with invalid rows has an error workbook", func(t *testing.T) {
			w := a.upload("editor", "register.xlsx", badDevicesXLSX(t), nil)
			queued := mustJSON[ImportResponse](t, w, http.StatusAccepted)
			done := a.waitImport(w.Header().Get("Location"))
			if done.Status != models.ImportInvalid || done.Counts.Failed != 2 || done.ErrorsURL == "" {
				t.Fatalf("job %+v", done)
			}
			checkErrorWorkbook(t, readXLSX(t, a.do(req{Method: "GET", Path: importPath(queued.ID) + "/errors.xlsx", Role: "editor"})))
		})
		t.Run("an unreadable large file is rejected at once", func(t *testing.T) {
			w := a.upload("editor", "old.xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 1024)...), nil)
			wantError(t, w, 422, "unreadable_file", "")
		})
	})
}

// TestInterruptedImports checks that a run whose process stopped beating (older than
// models.ImportStaleAfter) is shown as interrupted, with its last sign of life, by whichever
// looks first: the API reading it, or a worker at start-up; a run still beating is untouched.
func TestInterruptedImports(t *testing.T) {
	for _, first := range []string{"api", "worker"} {
		t.Run(first+" looks first", func(t *testing.T) {
			forEachAPI(t, func(t *testing.T, a *testAPI) {
				ctx := context.Background()
				old := modeltest.Clock.Add(-models.ImportStaleAfter - 10*time.Second)
				fresh := modeltest.Clock.Add(-models.ImportHeartbeat)
				stale := &models.ImportRun{CreatedAt: old, FileName: "big.xlsx", Status: models.ImportRunning, HeartbeatAt: &old, ClaimedAt: &old}
				live := &models.ImportRun{CreatedAt: old, FileName: "live.xlsx", Status: models.ImportRunning, HeartbeatAt: &fresh, ClaimedAt: &old}
				for _, r := range []*models.ImportRun{stale, live} {
					if err := a.store.CreateImportRun(ctx, r); err != nil {
						t.Fatal(err)
					}
				}
				var got ImportResponse
				if first == "worker" {
					a.startWorker()
					// Read the store's list, which never fails a run itself, until the worker has.
					for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(10 * time.Millisecond) {
						runs, err := a.store.ListImportRuns(ctx, models.ImportRunFilter{Status: models.ImportFailed})
						if err != nil {
							t.Fatal(err)
						}
						if len(runs.Items) > 0 {
							break
						}
						if time.Now().After(deadline) {
							t.Fatal("the worker did not fail the stale run")
						}
					}
				}
				{
					got = mustJSON[ImportResponse](t, a.do(req{Method: "GET", Path: importPath(stale.ID), Role: "editor"}), http.StatusOK)
				}
				if got.Status != ImportInterrupted || got.InterruptedAt == nil || !got.InterruptedAt.Equal(old) ||
					got.FinishedAt == nil || !strings.Contains(got.Message, "interrupted") {
					t.Fatalf("stale run %+v", got)
				}
				list := mustJSON[ListResponse[ImportSummary]](t, a.do(req{Method: "GET", Path: "/api/v1/imports", Role: "editor"}), http.StatusOK)
				for _, it := range list.Items {
					if it.ID == stale.ID && (it.Status != ImportInterrupted || it.InterruptedAt == nil) {
						t.Errorf("the list shows the stale run as %+v", it)
					}
				}
				still := mustJSON[ImportResponse](t, a.do(req{Method: "GET", Path: importPath(live.ID), Role: "editor"}), http.StatusOK)
				if still.Status != models.ImportRunning || still.InterruptedAt != nil {
					t.Errorf("a run with a fresh heartbeat was %s", still.Status)
				}
			})
		})
	}
}

func TestImportUploadLimit(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		a.server.MaxUpload = 1024
		big := bytes.Repeat([]byte("Asset Tag,Category\nA-1,laptop\n"), 100)
		t.Run("declared length", func(t *testing.T) {
			wantError(t, a.upload("editor", "big.csv", big, nil), 413, "too_large", "")
		})
		t.Run("chunked body", func(t *testing.T) {
			body, ctype := multipartBody(t, "big.csv", big, nil)
			hr := httptest.NewRequest("POST", "/api/v1/imports", bytes.NewReader(body))
			hr.ContentLength = -1
			hr.Header.Set("Content-Type", ctype)
			hr.Header.Set("Authorization", "Bearer "+a.tokens["editor"])
			w := httptest.NewRecorder()
			a.h.ServeHTTP(w, hr)
			wantError(t, w, 413, "too_large", "")
		})
		t.Run("nothing was recorded", func(t *testing.T) {
			list := mustJSON[ListResponse[ImportSummary]](t, a.do(req{Method: "GET", Path: "/api/v1/imports", Role: "editor"}), http.StatusOK)
			if list.Total != 0 {
				t.Errorf("runs = %d", list.Total)
			}
		})
	})
}

func TestExportAndTemplateAPI(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		mustJSON[ImportResponse](t, a.upload("editor", "devices.csv", []byte(devicesUpload), nil), http.StatusCreated)
		t.Run("export", func(t *testing.T) {
			w := a.do(req{Method: "GET", Path: "/api/v1/export.xlsx", Role: "editor"})
			f := readXLSX(t, w)
			if cd := w.Header().Get("Content-Disposition"); !strings.Contains(cd, "itreg-export-2026-11-22.xlsx") {
				t.Errorf("content disposition %q", cd)
			}
			rows, err := f.GetRows("Devices")
			if err != nil || len(rows) != 4 || rows[0][0] != "Asset Tag" || rows[1][0] != "A-1" {
				t.Fatalf("devices sheet %q %v", rows, err)
			}
			again := mustJSON[ImportResponse](t, a.upload("editor", "export.xlsx", w.Body.Bytes(), nil), http.StatusCreated)
			if again.Counts.Unchanged != again.Counts.Rows || again.Counts.Rows != 5 {
				t.Errorf("export re-imported: %+v", again.Counts)
			}
		})
		t.Run("template next to /imports/:id", func(t *testing.T) {
			f := readXLSX(t, a.do(req{Method: "GET", Path: "/api/v1/imports/template.xlsx", Role: "editor"}))
			if got, _ := f.GetCellValue("Devices", "A1"); got != "Asset Tag" {
				t.Errorf("Devices!A1 = %q", got)
			}
		})
		t.Run("viewer may not fetch the template", func(t *testing.T) {
			wantError(t, a.do(req{Method: "GET", Path: "/api/v1/imports/template.xlsx", Role: "viewer"}), 403, "forbidden", "")
		})
	})
}
