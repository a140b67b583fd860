package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"itreg/api/web"
	"itreg/api/web/webtest"
	"itreg/models"
)

// badCSV has one good row and one whose category is markup and whose date does not exist.
const badCSV = "Asset Tag,Category,Purchase Date\nA-1,laptop,2026-01-05\nA-2,<script>alert(1)</script>,2026-02-30\n"

// fixedCSV is badCSV corrected.
const fixedCSV = "Asset Tag,Category,Purchase Date\nA-1,laptop,2026-01-05\nA-2,desktop,2026-02-28\n"

// mustUpload posts a file to the upload form, which leads to the wizard's mapping step, and
// opens the page of the dry run the upload made.
func mustUpload(t *testing.T, c *webtest.Client, name, data string, fields url.Values) *webtest.Response {
	t.Helper()
	r := c.PostFile("/imports/new", fields, "file", name, []byte(data))
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/imports/") || !strings.HasSuffix(r.Location, "/mapping") {
		t.Fatalf("upload %s: status %d to %q; form says %q", name, r.Status, r.Location, r.Text(".form-message"))
	}
	run := strings.TrimSuffix(r.Location, "/mapping")
	page := c.Get(run)
	if page.Status != http.StatusOK {
		t.Fatalf("%s: status %d", run, page.Status)
	}
	return page
}

func TestImportUploadFlow(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		ctx := context.Background()
		srv.MustUser(t, "ed@example.com", "Ed", "editor")
		c := srv.Client(t)
		c.SignIn("ed@example.com", webtest.Password)

		var badRun string
		t.Run("a file with errors shows every row error and no commit", func(t *testing.T) {
			page := mustUpload(t, c, "devices.csv", badCSV, url.Values{"date_order": {"dmy"}})
			badRun = page.Doc.Find("#error-workbook").AttrOr("href", "")
			if page.Has("#commit-import") {
				t.Error("commit offered after a dry run with errors")
			}
			if got := page.Doc.Find("#row-errors tbody tr").Length(); got < 2 {
				t.Fatalf("%d row errors shown, want 2", got)
			}
			var cells []string
			page.Doc.Find("#row-errors tbody tr").First().Find("td").Each(func(_ int, s *goquery.Selection) {
				cells = append(cells, strings.TrimSpace(s.Text()))
			})
			if len(cells) != 5 || cells[0] == "" || cells[1] != "3" {
				t.Errorf("first error row %q: want sheet, row 3, column, value, message", cells)
			}
			if !strings.Contains(page.Text("#row-errors"), "<script>alert(1)</script>") {
				t.Errorf("the uploaded cell is not echoed as text: %q", page.Text("#row-errors"))
			}
			if strings.Contains(page.Body, "<script>alert(1)") {
				t.Error("the uploaded cell reached the page unescaped")
			}
			if page.Text("#counts") == "" || !page.Has("#upload-fixed") {
				t.Error("no counts or no way to upload a fixed file")
			}
		})

		t.Run("the error workbook reads back cell by cell", func(t *testing.T) {
			if badRun == "" {
				t.Fatal("no error workbook link")
			}
			r := c.Get(badRun)
			if r.Status != http.StatusOK || !strings.Contains(r.Header.Get("Content-Disposition"), "devices-errors.xlsx") {
				t.Fatalf("status %d, disposition %q", r.Status, r.Header.Get("Content-Disposition"))
			}
			f, err := excelize.OpenReader(strings.NewReader(r.Body))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, err := f.GetRows(f.GetSheetName(0))
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 2 {
				t.Fatalf("rows %q, want the header and the one failing row", rows)
			}
			want := []string{"Asset Tag", "Category", "Purchase Date", "Errors"}
			for i, w := range want {
				if i >= len(rows[0]) || rows[0][i] != w {
					t.Errorf("header cell %d = %q, want %q", i, rows[0], w)
				}
			}
			if rows[1][0] != "A-2" || rows[1][1] != "<script>alert(1)</script>" || rows[1][2] != "2026-02-30" ||
				!strings.Contains(rows[1][3], "Category") {
				t.Errorf("failing row %q", rows[1])
			}
		})

		t.Run("commit without a clean dry run is refused", func(t *testing.T) {
			id := strings.TrimSuffix(strings.TrimPrefix(badRun, "/imports/"), "/errors.xlsx")
			if r := c.Post("/imports/"+id+"/commit", nil); r.Status != http.StatusConflict {
				t.Errorf("status %d, want 409", r.Status)
			}
			if d, _ := srv.Store.FindDeviceByAssetTag(ctx, "A-1"); d != nil {
				t.Error("a device was written")
			}
		})

		var cleanRun string
		t.Run("the fixed file's dry run offers the commit", func(t *testing.T) {
			page := mustUpload(t, c, "devices.csv", fixedCSV, nil)
			if !page.Has("#commit-import") || page.Has("#row-errors") {
				t.Fatalf("commit %v, errors %v", page.Has("#commit-import"), page.Has("#row-errors"))
			}
			if got := page.Text("#counts"); !strings.Contains(got, "Would create") {
				t.Errorf("counts %q", got)
			}
			if len(page.Text("#commit code.hash")) != 64 {
				t.Errorf("SHA-256 shown %q", page.Text("#commit code.hash"))
			}
			cleanRun = page.Doc.Find("#commit form").AttrOr("action", "")
			if d, _ := srv.Store.FindDeviceByAssetTag(ctx, "A-2"); d != nil {
				t.Error("the dry run wrote a device")
			}
		})

		t.Run("viewer and cross-site commits are refused", func(t *testing.T) {
			if r := c.Post(cleanRun, nil, "Sec-Fetch-Site: cross-site", "Origin: https://evil.example"); r.Status != http.StatusForbidden {
				t.Errorf("cross-site: status %d", r.Status)
			}
			srv.MustUser(t, "vi@example.com", "Vi", "viewer")
			v := srv.Client(t)
			v.SignIn("vi@example.com", webtest.Password)
			if r := v.Post(cleanRun, nil); r.Status != http.StatusForbidden {
				t.Errorf("viewer: status %d", r.Status)
			}
		})

		t.Run("commit writes the records; a second commit is refused", func(t *testing.T) {
			r := c.Post(cleanRun, nil)
			if r.Status != http.StatusSeeOther {
				t.Fatalf("commit: status %d %q", r.Status, r.Text(".error-page"))
			}
			page := c.Get(r.Location)
			if !strings.Contains(page.Text(".flash-ok"), "2 created") || page.Text("h1") == "" {
				t.Errorf("after commit: flash %q, h1 %q", page.Text(".flash-ok"), page.Text("h1"))
			}
			for _, tag := range []string{"A-1", "A-2"} {
				if d, err := srv.Store.FindDeviceByAssetTag(ctx, tag); err != nil || d == nil {
					t.Errorf("device %s: %v", tag, err)
				}
			}
			if again := c.Post(cleanRun, nil); again.Status != http.StatusConflict {
				t.Errorf("second commit: status %d, want 409", again.Status)
			}
			dry := c.Get(strings.TrimSuffix(cleanRun, "/commit"))
			if dry.Has("#commit-import") || !strings.Contains(dry.Text(".notice"), "committed") {
				t.Errorf("the committed dry run still offers its commit")
			}
		})

		t.Run("history lists every run with who and counts", func(t *testing.T) {
			page := c.Get("/imports")
			if got := page.Doc.Find("#imports tbody tr").Length(); got != 3 {
				t.Errorf("%d runs listed, want 3", got)
			}
			if !strings.Contains(page.Text("#imports"), "ed@example.com") || !strings.Contains(page.Text("#imports"), "devices.csv") {
				t.Errorf("history %q", page.Text("#imports"))
			}
			if f := c.Get("/imports?status=invalid"); f.Doc.Find("#imports tbody tr").Length() != 1 {
				t.Errorf("status filter shows %d runs", f.Doc.Find("#imports tbody tr").Length())
			}
			if bad := c.Get("/imports?status=bogus"); bad.Status != http.StatusBadRequest {
				t.Errorf("unknown status: %d", bad.Status)
			}
		})
	})
}

func TestImportUploadErrors(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		srv.MustUser(t, "ed@example.com", "Ed", "editor")
		c := srv.Client(t)
		c.SignIn("ed@example.com", webtest.Password)
		xls := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
		tests := []struct {
			name   string
			file   string
			data   []byte
			fields url.Values
			status int
			where  string // selector of the message
			want   string
		}{
			{"a legacy .xls says what to do", "old.xls", xls, nil, http.StatusUnprocessableEntity, ".form-message", "save it as .xlsx"},
			{"an empty file", "empty.csv", nil, nil, http.StatusUnprocessableEntity, ".form-message", "empty"},
			{"a bad currency next to its field", "d.csv", []byte(fixedCSV), url.Values{"currency": {"XX"}}, http.StatusBadRequest,
				"#f-currency-error", "ISO 4217"},
			{"a bad date order next to its field", "d.csv", []byte(fixedCSV), url.Values{"date_order": {"dym"}}, http.StatusBadRequest,
				"#f-date_order-error", "dmy"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := c.PostFile("/imports/new", tt.fields, "file", tt.file, tt.data)
				if r.Status != tt.status || !strings.Contains(r.Text(tt.where), tt.want) {
					t.Errorf("status %d, %s %q; want %d and %q", r.Status, tt.where, r.Text(tt.where), tt.status, tt.want)
				}
			})
		}
		t.Run("a file over the upload limit", func(t *testing.T) {
			small := webtest.MustServer(t, "sqlite", func(cfg *web.Config) { cfg.MaxUpload = 1 << 10 })
			small.MustUser(t, "ed@example.com", "Ed", "editor")
			sc := small.Client(t)
			sc.SignIn("ed@example.com", webtest.Password)
			r := sc.PostFile("/imports/new", nil, "file", "big.csv", []byte(strings.Repeat("x", 4<<10)))
			if r.Status != http.StatusRequestEntityTooLarge || !strings.Contains(r.Text(".form-message"), "larger than 1024 bytes") {
				t.Errorf("status %d, message %q", r.Status, r.Text(".form-message"))
			}
		})
	})
}

func TestImportPagesRoles(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		for _, u := range []struct{ email, role string }{{"ad@example.com", "admin"}, {"ed@example.com", "editor"}, {"vi@example.com", "viewer"}} {
			srv.MustUser(t, u.email, u.role, u.role)
		}
		run := &models.ImportRun{FileName: "x.csv", Status: models.ImportRunning, Actor: "user:ed@example.com", ProgressDone: 40, ProgressTotal: 100}
		if err := srv.Store.CreateImportRun(context.Background(), run); err != nil {
			t.Fatal(err)
		}
		runPath := "/imports/" + itoa(run.ID)
		tests := []struct {
			email  string
			method string
			path   string
			want   int
		}{
			{"ad@example.com", "GET", "/imports", 200},
			{"ed@example.com", "GET", "/imports", 200},
			{"vi@example.com", "GET", "/imports", 403},
			{"ed@example.com", "GET", "/imports/new", 200},
			{"vi@example.com", "GET", "/imports/new", 403},
			{"vi@example.com", "POST", "/imports/new", 403},
			{"ed@example.com", "GET", runPath, 200},
			{"ed@example.com", "GET", runPath + "/progress", 200},
			{"ed@example.com", "GET", runPath + "/errors.xlsx", 409},
			{"ed@example.com", "GET", "/imports/999999", 404},
			{"ed@example.com", "GET", "/imports/abc", 404},
		}
		for _, tt := range tests {
			t.Run(tt.email+" "+tt.method+" "+tt.path, func(t *testing.T) {
				c := srv.Client(t)
				c.SignIn(tt.email, webtest.Password)
				var r *webtest.Response
				if tt.method == "POST" {
					r = c.PostFile(tt.path, nil, "file", "d.csv", []byte(fixedCSV))
				} else {
					r = c.Get(tt.path)
				}
				if r.Status != tt.want {
					t.Errorf("status %d, want %d", r.Status, tt.want)
				}
			})
		}
		t.Run("a running import polls its progress", func(t *testing.T) {
			c := srv.Client(t)
			c.SignIn("ed@example.com", webtest.Password)
			page := c.Get(runPath)
			p := page.Doc.Find("#progress")
			if p.AttrOr("hx-get", "") != runPath+"/progress" || p.AttrOr("hx-trigger", "") != "every 2s" {
				t.Errorf("progress polls %q %q", p.AttrOr("hx-get", ""), p.AttrOr("hx-trigger", ""))
			}
			if page.Doc.Find("#refresh").AttrOr("href", "") != runPath || page.Has("meta[http-equiv=refresh]") {
				t.Error("no Refresh link, or a meta refresh")
			}
			if !strings.Contains(page.Text("#progress"), "40 of 100") {
				t.Errorf("progress says %q", page.Text("#progress"))
			}
			frag := c.Get(runPath + "/progress")
			if frag.Header.Get("HX-Refresh") != "" || strings.Contains(frag.Body, "<html") {
				t.Errorf("fragment of a running import: refresh %q", frag.Header.Get("HX-Refresh"))
			}
			run.Status = models.ImportSucceeded
			if err := srv.Store.UpdateImportRun(context.Background(), run); err != nil {
				t.Fatal(err)
			}
			if done := c.Get(runPath + "/progress"); done.Header.Get("HX-Refresh") != "true" {
				t.Error("a finished import does not ask for the full page")
			}
		})
	})
}
