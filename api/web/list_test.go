package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"itreg/api/web/webtest"
	"itreg/models"
	"itreg/models/modeltest"
)

// mustDevices stores n laptops tagged A0001.. with the given hostnames (cycled), for the list
// tests; it returns them in id order.
func mustDevices(tb testing.TB, st *models.Store, n int, hostnames ...string) []models.Device {
	tb.Helper()
	ctx := models.WithActor(context.Background(), "test")
	out := make([]models.Device, 0, n)
	for i := range n {
		tag := fmt.Sprintf("A%04d", i+1)
		d := &models.Device{AssetTag: &tag, Category: "laptop", Status: models.StatusInStock, Location: "Leeds"}
		if len(hostnames) > 0 {
			d.Hostname = hostnames[i%len(hostnames)]
		}
		if i%2 == 1 {
			d.Status, d.Location = models.StatusDeployed, "York"
		}
		if err := st.CreateDevice(ctx, d); err != nil {
			tb.Fatalf("create device %s: %v", tag, err)
		}
		out = append(out, *d)
	}
	return out
}

// signedIn returns a client signed in as a new person with the role.
func signedIn(t *testing.T, srv *webtest.Server, email, role string) *webtest.Client {
	t.Helper()
	srv.MustUser(t, email, strings.Split(email, "@")[0], role)
	c := srv.Client(t)
	c.SignIn(email, webtest.Password)
	return c
}

// mustPage gets a page and fails unless it answers 200.
func mustPage(t *testing.T, c *webtest.Client, path string) *webtest.Response {
	t.Helper()
	r := c.Get(path)
	if r.Status != http.StatusOK {
		t.Fatalf("GET %s: status %d: %s", path, r.Status, r.Body)
	}
	return r
}

// column returns the text of a column's cells (by data-label) in row order.
func column(r *webtest.Response, title string) []string {
	var out []string
	r.Doc.Find("table.list-table tbody tr").Each(func(_ int, tr *goquery.Selection) {
		tr.Find("td").Each(func(_ int, td *goquery.Selection) {
			if l, _ := td.Attr("data-label"); l == title {
				out = append(out, strings.TrimSpace(td.Text()))
			}
		})
	})
	return out
}

// shownTable is the page's table as text: the headings, then each row's cells.
func shownTable(r *webtest.Response) [][]string {
	var out [][]string
	var head []string
	r.Doc.Find("table.list-table thead th").Each(func(_ int, th *goquery.Selection) {
		if !th.HasClass("pick") {
			head = append(head, strings.TrimSpace(strings.TrimRight(strings.TrimSpace(th.Text()), "▲▼")))
		}
	})
	out = append(out, head)
	r.Doc.Find("table.list-table tbody tr").Each(func(_ int, tr *goquery.Selection) {
		var row []string
		tr.Find("td").Each(func(_ int, td *goquery.Selection) {
			if !td.HasClass("pick") {
				row = append(row, strings.TrimSpace(td.Text()))
			}
		})
		out = append(out, row)
	})
	return out
}

func TestListPages(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		mustDevices(t, srv.Store, 3, "host")
		roles := []string{models.RoleViewer, models.RoleEditor, models.RoleAdmin}
		for _, role := range roles {
			c := signedIn(t, srv, role+"@example.com", role)
			for _, path := range []string{"/devices", "/licences", "/warranties", "/vendors", "/budget-lines"} {
				t.Run(role+path, func(t *testing.T) {
					r := mustPage(t, c, path)
					if !r.Has("#filters") || !r.Has("#columns") || !r.Has("#views") || !r.Has("#download-csv") {
						t.Error("the filter form, column chooser, views or downloads are missing")
					}
					wantBulk := path == "/devices" && role != models.RoleViewer
					if r.Has("#bulk") != wantBulk {
						t.Errorf("bulk form shown = %v, want %v", r.Has("#bulk"), wantBulk)
					}
				})
			}
		}
		t.Run("signed out is sent to sign in", func(t *testing.T) {
			r := srv.Client(t).Get("/devices")
			if r.Status != http.StatusSeeOther && r.Status != http.StatusFound {
				t.Fatalf("status %d", r.Status)
			}
		})
		t.Run("bad filter is a 400 page", func(t *testing.T) {
			c := srv.Client(t)
			c.SignIn("viewer@example.com", webtest.Password)
			for _, q := range []string{"status=flying", "sort=nope", "limit=0", "cursor=zz", "eol_before=31-12-2026", "fiscal_year=abc"} {
				path := "/devices?" + q
				if strings.HasPrefix(q, "fiscal") {
					path = "/budget-lines?" + q
				}
				if r := c.Get(path); r.Status != http.StatusBadRequest {
					t.Errorf("%s: status %d, want 400", q, r.Status)
				}
			}
		})
	})
}

// TestLicenceKeysNeverListed checks no role sees a licence key in the list or its downloads.
func TestLicenceKeysNeverListed(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		ctx := models.WithActor(context.Background(), "test")
		l := &models.Licence{Product: "Office", Type: "perpetual", Metric: "per_user", Key: "KEY-12345-SECRET"}
		if err := srv.Store.CreateLicence(ctx, l); err != nil {
			t.Fatal(err)
		}
		c := signedIn(t, srv, "ad@example.com", models.RoleAdmin)
		cols := "?col=product&col=reference&col=publisher&col=supplier&col=type&col=metric&col=seats&col=cost&col=budget_line&col=licence_key&col=key"
		for _, path := range []string{"/licences" + cols, "/licences/export.csv" + cols} {
			if r := c.Get(path); r.Status != http.StatusOK || strings.Contains(r.Body, "KEY-12345") {
				t.Errorf("%s: status %d, key shown %v", path, r.Status, strings.Contains(r.Body, "KEY-12345"))
			}
		}
	})
}

func TestDeviceListPagingAndSorting(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		mustDevices(t, srv.Store, 25, "h")
		c := signedIn(t, srv, "vi@example.com", models.RoleViewer)

		r := mustPage(t, c, "/devices?limit=10&sort=-asset_tag")
		if got := r.Text("#list-total strong"); got != "25" {
			t.Errorf("total %q, want 25", got)
		}
		tags := column(r, "Asset tag")
		if len(tags) != 10 || tags[0] != "A0025" || tags[9] != "A0016" {
			t.Fatalf("first page %v", tags)
		}
		if s, _ := r.Doc.Find(`th[aria-sort]`).Attr("aria-sort"); s != "descending" {
			t.Errorf("sorted column says %q", s)
		}
		sortHref, _ := r.Doc.Find(`a.sort[data-sort="asset_tag"]`).Attr("href")
		if u, _ := url.Parse(sortHref); u.Query().Get("sort") != "asset_tag" || u.Query().Get("cursor") != "" {
			t.Errorf("the sorted column's link %q does not reverse the sort from the first page", sortHref)
		}
		next, ok := r.Doc.Find("#next-page").Attr("href")
		if !ok {
			t.Fatal("no next link")
		}
		r2 := mustPage(t, c, next)
		if tags := column(r2, "Asset tag"); len(tags) != 10 || tags[0] != "A0015" {
			t.Errorf("second page %v", tags)
		}
		if got := r2.Text("#list-range"); got != "Showing 11–20 of 25" {
			t.Errorf("range %q", got)
		}
		next3, _ := r2.Doc.Find("#next-page").Attr("href")
		r3 := mustPage(t, c, next3)
		if tags := column(r3, "Asset tag"); len(tags) != 5 || tags[4] != "A0001" || r3.Has("#next-page") {
			t.Errorf("last page %v (next link %v)", tags, r3.Has("#next-page"))
		}
		prev, _ := r3.Doc.Find("#prev-page").Attr("href")
		if tags := column(mustPage(t, c, prev), "Asset tag"); len(tags) != 10 || tags[0] != "A0015" {
			t.Errorf("previous page %v", tags)
		}
		prev2, _ := r2.Doc.Find("#prev-page").Attr("href")
		if tags := column(mustPage(t, c, prev2), "Asset tag"); len(tags) != 10 || tags[0] != "A0025" {
			t.Errorf("previous of the second page %v", tags)
		}

		t.Run("filter", func(t *testing.T) {
			r := mustPage(t, c, "/devices?status=deployed&location=york")
			if got := r.Text("#list-total strong"); got != "12" {
				t.Errorf("total %q, want 12", got)
			}
			if sel := r.Doc.Find(`#f-status option[selected]`).AttrOr("value", ""); sel != "deployed" {
				t.Errorf("the status filter shows %q", sel)
			}
		})
		t.Run("tile link opens the same list", func(t *testing.T) {
			in := true
			f := models.DeviceFilter{Status: models.StatusDeployed, DeviceStateFilter: models.DeviceStateFilter{InService: &in}}
			r := mustPage(t, c, "/devices?"+f.Query().Encode())
			if got := r.Text("#list-total strong"); got != "12" {
				t.Errorf("total %q, want 12", got)
			}
		})
		t.Run("rows link to their record", func(t *testing.T) {
			href, _ := r.Doc.Find("table.list-table tbody tr td a").First().Attr("href")
			if !strings.HasPrefix(href, "/devices/") {
				t.Errorf("row link %q", href)
			}
		})
	})
}

func TestSavedViews(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		mustDevices(t, srv.Store, 3)
		a := signedIn(t, srv, "a@example.com", models.RoleViewer)
		b := signedIn(t, srv, "b@example.com", models.RoleViewer)
		a2 := srv.Client(t)
		a2.SignIn("a@example.com", webtest.Password)

		save := func(name string, shared bool) {
			form := url.Values{"name": {name}, "query": {"status=deployed&sort=hostname&col=asset_tag&col=status"}}
			if shared {
				form.Set("shared", "on")
			}
			if r := a.Post("/devices/views", form); r.Status != http.StatusSeeOther {
				t.Fatalf("save %s: status %d", name, r.Status)
			}
		}
		save("Mine only", false)
		save("For the team", true)
		names := func(c *webtest.Client) map[string]string {
			out := map[string]string{}
			mustPage(t, c, "/devices").Doc.Find("a.saved-view").Each(func(_ int, s *goquery.Selection) {
				out[s.Text()] = s.AttrOr("href", "")
			})
			return out
		}
		if got := names(a2); len(got) != 2 {
			t.Errorf("A in a second browser sees %v", got)
		}
		got := names(b)
		if _, ok := got["For the team"]; !ok || len(got) != 1 {
			t.Errorf("B sees %v, want only the shared view", got)
		}
		r := mustPage(t, b, got["For the team"])
		if heads := shownTable(r)[0]; strings.Join(heads, ",") != "Asset tag,Status" {
			t.Errorf("the shared view shows columns %v", heads)
		}
		if r.Has(`form[action$="/delete"]`) {
			t.Error("B is offered to delete A's view")
		}

		t.Run("columns follow the person", func(t *testing.T) {
			r := a.Post("/devices/views/columns", url.Values{"col": {"hostname", "asset_tag"}, "query": {"status=in_stock"}})
			if r.Status != http.StatusSeeOther || r.Location != "/devices?status=in_stock" {
				t.Fatalf("choose columns: %d %s", r.Status, r.Location)
			}
			if heads := shownTable(mustPage(t, a2, "/devices"))[0]; strings.Join(heads, ",") != "Asset tag,Hostname" {
				t.Errorf("A's second browser shows %v", heads)
			}
			if heads := shownTable(mustPage(t, b, "/devices"))[0]; len(heads) < 5 {
				t.Errorf("B's columns changed too: %v", heads)
			}
		})
		t.Run("cross-site post refused", func(t *testing.T) {
			r := a.Post("/devices/views", url.Values{"name": {"evil"}}, "Sec-Fetch-Site: cross-site", "Origin: https://evil.example")
			if r.Status != http.StatusForbidden {
				t.Errorf("status %d, want 403", r.Status)
			}
		})
	})
}

func TestListDownloads(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		mustDevices(t, srv.Store, 12, "=cmd|' /C calc'!A0", "plain")
		c := signedIn(t, srv, "vi@example.com", models.RoleViewer)
		// The download holds every matching row, not only the page's: compare with one page of all.
		q := "status=in_stock&sort=-asset_tag&col=asset_tag&col=hostname&col=status"
		want := shownTable(mustPage(t, c, "/devices?limit=100&"+q))
		if len(want) != 7 {
			t.Fatalf("the page shows %d rows, want 6 and a heading", len(want)-1)
		}
		page := mustPage(t, c, "/devices?limit=2&"+q)
		csvHref, _ := page.Doc.Find("#download-csv").Attr("href")
		xlsxHref, _ := page.Doc.Find("#download-xlsx").Attr("href")

		r := c.Get(csvHref)
		if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("CSV: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		compareTable(t, "CSV", recs, want)

		r = c.Get(xlsxHref)
		if r.Status != http.StatusOK {
			t.Fatalf("XLSX: %d", r.Status)
		}
		f, err := excelize.OpenReader(bytes.NewReader([]byte(r.Body)))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows(f.GetSheetName(0))
		if err != nil {
			t.Fatal(err)
		}
		compareTable(t, "XLSX", rows, want)
		// In a workbook the text is a string cell, never a formula.
		for r := 1; r <= len(rows); r++ {
			for col := 1; col <= 3; col++ {
				name, _ := excelize.CoordinatesToCellName(col, r)
				if fm, _ := f.GetCellFormula(f.GetSheetName(0), name); fm != "" {
					t.Errorf("XLSX %s is a formula: %q", name, fm)
				}
			}
		}
	})
}

// compareTable checks a download against the page, cell by cell, finding the page's heading
// row in the download (a report may put a title above it). A cell the renderer neutralised
// (a leading ' before = in CSV) still reads as the page's text after the quote.
func compareTable(t *testing.T, kind string, got, want [][]string) {
	t.Helper()
	start := -1
	for i, row := range got {
		if strings.Join(row, "|") == strings.Join(want[0], "|") {
			start = i
			break
		}
	}
	if start < 0 {
		t.Fatalf("%s: no heading row %v in %v", kind, want[0], got)
	}
	for i, w := range want[1:] {
		if start+1+i >= len(got) {
			t.Fatalf("%s: %d rows, want %d", kind, len(got)-start-1, len(want)-1)
		}
		g := got[start+1+i]
		for j := range w {
			cell := ""
			if j < len(g) {
				cell = g[j]
			}
			if cell != w[j] && strings.TrimPrefix(cell, "'") != w[j] {
				t.Errorf("%s row %d col %d: %q, page shows %q", kind, i+1, j+1, cell, w[j])
			}
			if kind == "CSV" && strings.HasPrefix(w[j], "=") && !strings.HasPrefix(cell, "'") {
				t.Errorf("%s row %d col %d: formula %q not neutralised", kind, i+1, j+1, cell)
			}
		}
	}
	if extra := len(got) - start - 1 - (len(want) - 1); extra > 0 {
		for _, row := range got[start+len(want):] {
			if strings.Join(row, "") != "" {
				t.Errorf("%s: rows beyond the page's: %v", kind, row)
			}
		}
	}
}

func TestBulkEdit(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		ds := mustDevices(t, srv.Store, 6)
		ed := signedIn(t, srv, "ed@example.com", models.RoleEditor)
		vi := signedIn(t, srv, "vi@example.com", models.RoleViewer)
		check := func(d models.Device) string {
			return strconv.FormatInt(d.ID, 10) + ":" + strconv.FormatInt(d.Version, 10)
		}

		t.Run("selected rows: preview then apply", func(t *testing.T) {
			form := url.Values{"scope": {"selected"}, "id": {check(ds[0]), check(ds[1])}, "set_location": {"Hull"}, "filter": {"status=in_stock"}}
			r := ed.Post("/devices/bulk", form)
			if r.Status != http.StatusOK || r.Text("#bulk-count strong") != "2" {
				t.Fatalf("preview: %d %q", r.Status, r.Text("#bulk-count"))
			}
			if d, _ := srv.Store.GetDevice(context.Background(), ds[0].ID); d.Location != "Leeds" {
				t.Fatalf("the preview changed the device: %q", d.Location)
			}
			apply := url.Values{}
			r.Doc.Find(`form[action="/devices/bulk"] input[type=hidden]`).Each(func(_ int, s *goquery.Selection) {
				apply.Add(s.AttrOr("name", ""), s.AttrOr("value", ""))
			})
			r = ed.Post("/devices/bulk", apply)
			if r.Status != http.StatusSeeOther || r.Location != "/devices?status=in_stock" {
				t.Fatalf("apply: %d %s", r.Status, r.Location)
			}
			for _, d := range ds[:2] {
				got, _ := srv.Store.GetDevice(context.Background(), d.ID)
				if got.Location != "Hull" || got.Version != d.Version+1 {
					t.Errorf("device %d: %q v%d", d.ID, got.Location, got.Version)
				}
			}
			// The same versions again are stale now: nothing changes.
			if r := ed.Post("/devices/bulk", apply); r.Status != http.StatusSeeOther {
				t.Errorf("stale apply: %d", r.Status)
			}
			if got, _ := srv.Store.GetDevice(context.Background(), ds[0].ID); got.Version != ds[0].Version+1 {
				t.Errorf("a stale bulk edit changed device %d", ds[0].ID)
			}
		})
		t.Run("all matching the filter", func(t *testing.T) {
			form := url.Values{"scope": {"all"}, "filter": {"status=deployed"}, "set_department": {"Sales"}}
			if r := ed.Post("/devices/bulk", form); r.Text("#bulk-count strong") != "3" {
				t.Fatalf("preview says %q", r.Text("#bulk-count"))
			}
			form.Set("apply", "1")
			ed.Post("/devices/bulk", form)
			if r := mustPage(t, ed, "/devices?department=sales"); r.Text("#list-total strong") != "3" {
				t.Errorf("after apply the list holds %s in Sales", r.Text("#list-total strong"))
			}
		})
		t.Run("a misspelt filter is refused", func(t *testing.T) {
			r := ed.Post("/devices/bulk", url.Values{"scope": {"all"}, "filter": {"stat=deployed"}, "set_department": {"X"}, "apply": {"1"}})
			if r.Status != http.StatusSeeOther {
				t.Fatalf("status %d", r.Status)
			}
			if r := mustPage(t, ed, "/devices?department=x"); r.Text("#list-total strong") != "0" {
				t.Error("a misspelt filter changed devices")
			}
		})
		t.Run("viewer 403", func(t *testing.T) {
			r := vi.Post("/devices/bulk", url.Values{"scope": {"all"}, "set_location": {"X"}, "apply": {"1"}})
			if r.Status != http.StatusForbidden {
				t.Errorf("status %d, want 403", r.Status)
			}
		})
		t.Run("cross-site post refused", func(t *testing.T) {
			r := ed.Post("/devices/bulk", url.Values{"scope": {"all"}, "set_location": {"X"}, "apply": {"1"}},
				"Sec-Fetch-Site: cross-site", "Origin: https://evil.example")
			if r.Status != http.StatusForbidden {
				t.Errorf("status %d, want 403", r.Status)
			}
			if r := mustPage(t, ed, "/devices?location=x"); r.Text("#list-total strong") != "0" {
				t.Error("a cross-site bulk edit changed devices")
			}
		})
	})
}

func TestListEscaping(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		mustDevices(t, srv.Store, 2, hostile)
		c := signedIn(t, srv, "ed@example.com", models.RoleEditor)
		if r := c.Post("/devices/views", url.Values{"name": {hostile}, "query": {"q=" + url.QueryEscape(hostile)}}); r.Status != http.StatusSeeOther {
			t.Fatalf("save view: %d", r.Status)
		}
		r := mustPage(t, c, "/devices?col=hostname&col=asset_tag")
		if r.Has("img") {
			t.Error("an <img> element made it into the page")
		}
		r.Doc.Find("script").Each(func(_ int, s *goquery.Selection) {
			if _, ok := s.Attr("src"); !ok {
				t.Errorf("an inline script made it into the page: %q", s.Text())
			}
		})
		assertNoInlineHandlers(t, r.Doc)
		if got := column(r, "Hostname"); len(got) != 2 || got[0] != hostile {
			t.Errorf("the hostname does not show as text: %v", got)
		}
		if r.Text("a.saved-view") != hostile {
			t.Errorf("the view's name does not show as text: %q", r.Text("a.saved-view"))
		}
	})
}

// TestDeviceListQueryCount checks the devices page runs as many SQL statements at 100 rows a
// page as at 10: nothing is loaded per row.
func TestDeviceListQueryCount(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		mustDevices(t, srv.Store, 120, "h")
		c := signedIn(t, srv, "vi@example.com", models.RoleViewer)
		n := modeltest.CountQueries(t, srv.Store)
		counts := map[int]int64{}
		for _, size := range []int{10, 100} {
			mustPage(t, c, "/devices?limit="+strconv.Itoa(size)) // warm the session
			before := n.Load()
			mustPage(t, c, "/devices?limit="+strconv.Itoa(size))
			counts[size] = n.Load() - before
		}
		if counts[10] != counts[100] || counts[10] == 0 {
			t.Errorf("statements per page: %v, want the same at 10 and 100 rows", counts)
		}
	})
}
