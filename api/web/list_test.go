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

var _ = bytes.NewReader
var _ = csv.NewReader
var _ = excelize.OpenReader
var _ = url.Values{}
var _ = strconv.Itoa
