package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"itreg/api/web/webtest"
	"itreg/models"
)

// hostileCSV has headers and values made to break out of HTML: a header that is a script, one
// that closes an attribute, and the same in its samples and its status values. "Device Status"
// and "State" both mean the device's status.
const hostileCSV = "Asset Tag,Serial Number,Device Status,<script>alert(1)</script>,\"\"\"><img src=x onerror=alert(2)>\",State\n" +
	"W-1,SN-1,Prod,<script>alert(3)</script>,\"\"\"><img src=y onerror=alert(4)>\",live\n" +
	"W-2,SN-2,Prod,rack 7,a,live\n" +
	"W-3,SN-3,<b>Gone fishing</b>,rack 8,b,live\n"

// formValues reads a form as a browser would send it: hidden and text inputs, checked boxes,
// each select's selected option (else its first).
func formValues(sel *goquery.Selection) url.Values {
	v := url.Values{}
	sel.Find("input[name]").Each(func(_ int, in *goquery.Selection) {
		name, _ := in.Attr("name")
		switch in.AttrOr("type", "text") {
		case "checkbox", "radio":
			if _, on := in.Attr("checked"); on {
				v.Add(name, in.AttrOr("value", "on"))
			}
		case "submit", "file":
		default:
			v.Add(name, in.AttrOr("value", ""))
		}
	})
	sel.Find("select[name]").Each(func(_ int, s *goquery.Selection) {
		opt := s.Find("option[selected]").First()
		if opt.Length() == 0 {
			opt = s.Find("option").First()
		}
		v.Add(s.AttrOr("name", ""), opt.AttrOr("value", ""))
	})
	sel.Find("textarea[name]").Each(func(_ int, t *goquery.Selection) { v.Add(t.AttrOr("name", ""), t.Text()) })
	return v
}

// selectFor finds the name of the select of the column whose header cell reads header.
func selectFor(t *testing.T, page *webtest.Response, header string) string {
	t.Helper()
	name := ""
	page.Doc.Find(".mapping-table tbody tr").Each(func(_ int, tr *goquery.Selection) {
		if strings.TrimSpace(tr.Find(".header").Text()) == header {
			name = tr.Find("select").AttrOr("name", "")
		}
	})
	if name == "" {
		t.Fatalf("no column %q on the mapping step", header)
	}
	return name
}

// uploadToMapping uploads a file and follows the redirect to the mapping step.
func uploadToMapping(t *testing.T, c *webtest.Client, name, data string) (string, *webtest.Response) {
	t.Helper()
	r := c.PostFile("/imports/new", url.Values{"date_order": {"dmy"}}, "file", name, []byte(data))
	if r.Status != http.StatusSeeOther || !strings.HasSuffix(r.Location, "/mapping") {
		t.Fatalf("upload: status %d to %q; %q", r.Status, r.Location, r.Text(".form-message"))
	}
	page := c.Get(r.Location)
	if page.Status != http.StatusOK {
		t.Fatalf("%s: status %d", r.Location, page.Status)
	}
	return r.Location, page
}

// commitMapping posts the mapping step's form, leaves the value step as it is, runs the dry
// run, which must be clean, and commits it.
func commitMapping(t *testing.T, c *webtest.Client, mappingURL string, form url.Values) {
	t.Helper()
	values := c.Post(mappingURL, form)
	if values.Status != http.StatusOK || !values.Has("#values-form") {
		t.Fatalf("status %d: %q", values.Status, values.Text("main"))
	}
	vf := formValues(values.Doc.Find("#values-form"))
	vf.Set("step", "dry-run")
	r := c.Post(strings.TrimSuffix(mappingURL, "/mapping")+"/values", vf)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("dry run: status %d: %q", r.Status, r.Text("main"))
	}
	if dry := c.Get(r.Location); !dry.Has("#commit-import") {
		t.Fatalf("the dry run is not clean: %q", dry.Text("main"))
	}
	if r := c.Post(r.Location+"/commit", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("commit: status %d", r.Status)
	}
}

// valueRow finds the N of the value row for a file value.
func valueRow(t *testing.T, page *webtest.Response, value string) string {
	t.Helper()
	n := ""
	page.Doc.Find(".values-table tbody tr").Each(func(_ int, tr *goquery.Selection) {
		if strings.TrimSpace(tr.Find("td.value").Text()) == value {
			n = strings.TrimPrefix(tr.Find("select").AttrOr("name", ""), "vv.")
		}
	})
	if n == "" {
		t.Fatalf("no value %q on the value step: %q", value, page.Text(".values-table"))
	}
	return n
}

func TestImportWizardSteps(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		ctx := context.Background()
		srv.MustUser(t, "ed@example.com", "Ed", "editor")
		c := srv.Client(t)
		c.SignIn("ed@example.com", webtest.Password)

		mappingURL, page := uploadToMapping(t, c, "hostile.csv", hostileCSV)
		base := strings.TrimSuffix(mappingURL, "/mapping")

		t.Run("the mapping step shows every column, escaped", func(t *testing.T) {
			if got := page.Doc.Find(".mapping-table tbody tr").Length(); got != 6 {
				t.Fatalf("%d columns shown, want 6", got)
			}
			for _, raw := range []string{"<script>alert(", "<img src=x", "<img src=y", "<b>Gone fishing"} {
				if strings.Contains(page.Body, raw) {
					t.Errorf("%q reached the page unescaped", raw)
				}
			}
			text := page.Text(".mapping-table")
			for _, want := range []string{"<script>alert(1)</script>", `"><img src=x onerror=alert(2)>`, "<script>alert(3)</script>", "<b>Gone fishing</b>"} {
				if !strings.Contains(text, want) {
					t.Errorf("%q is not shown as text", want)
				}
			}
			if page.Doc.Find(".conflict").Length() != 1 {
				t.Errorf("the two status columns are not shown as a choice: %q", page.Text("main"))
			}
		})

		t.Run("two columns for one field are refused next to both", func(t *testing.T) {
			r := c.Post(mappingURL, formValues(page.Doc.Find("#mapping-form")))
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.Status)
			}
			if n := r.Doc.Find(".mapping-table tr.invalid .field-error").Length(); n != 2 {
				t.Fatalf("%d errors next to selects, want 2: %q", n, r.Text(".mapping-table"))
			}
		})

		form := formValues(page.Doc.Find("#mapping-form"))
		form.Set(selectFor(t, page, "State"), "ignore")
		form.Set(selectFor(t, page, "<script>alert(1)</script>"), "custom")
		form.Set(selectFor(t, page, `"><img src=x onerror=alert(2)>`), "notes")
		form.Set("save_as", "Hostile monthly")
		form.Set("empty_cells", "keep")
		var values *webtest.Response
		t.Run("a valid mapping leads to the value step with the values not understood", func(t *testing.T) {
			values = c.Post(mappingURL, form)
			if values.Status != http.StatusOK || !values.Has("#values-form") {
				t.Fatalf("status %d: %q", values.Status, values.Text("main"))
			}
			if strings.Contains(values.Body, "<b>Gone fishing") {
				t.Error("a value reached the page unescaped")
			}
			row := values.Doc.Find(".value-group[data-field=status] .values-table tbody tr").First()
			if strings.TrimSpace(row.Find("td.value").Text()) != "Prod" || strings.TrimSpace(row.Find("td.num").Text()) != "2" {
				t.Errorf("first status value %q", row.Text())
			}
		})

		t.Run("a value mapped to a value its field lacks is a 422 naming it", func(t *testing.T) {
			bad := formValues(values.Doc.Find("#values-form"))
			bad.Set("vv."+valueRow(t, values, "Prod"), "lapdog")
			bad.Set("step", "dry-run")
			r := c.Post(base+"/values", bad)
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Text("#values-error"), "lapdog") {
				t.Fatalf("status %d, message %q", r.Status, r.Text("#values-error"))
			}
		})

		t.Run("back shows the mapping step with the choices made", func(t *testing.T) {
			back := formValues(values.Doc.Find("#values-form"))
			back.Set("step", "back")
			r := c.Post(base+"/values", back)
			if r.Status != http.StatusOK || r.Doc.Find("select[name='"+selectFor(t, page, "State")+"'] option[selected]").AttrOr("value", "") != "ignore" {
				t.Fatalf("status %d: %q", r.Status, r.Text(".mapping-table"))
			}
		})

		var dry string
		t.Run("the dry run with the choices is clean and commits", func(t *testing.T) {
			ok := formValues(values.Doc.Find("#values-form"))
			ok.Set("vv."+valueRow(t, values, "Prod"), models.StatusDeployed)
			ok.Set("vv."+valueRow(t, values, "<b>Gone fishing</b>"), models.StatusInStock)
			ok.Set("step", "dry-run")
			r := c.Post(base+"/values", ok)
			if r.Status != http.StatusSeeOther {
				t.Fatalf("status %d: %q", r.Status, r.Text("main"))
			}
			dry = r.Location
			run := c.Get(dry)
			if !run.Has("#commit-import") {
				t.Fatalf("no commit: %q", run.Text("main"))
			}
			if r := c.Post(dry+"/commit", nil); r.Status != http.StatusSeeOther {
				t.Fatalf("commit: status %d", r.Status)
			}
			d, err := srv.Store.FindDeviceByAssetTag(ctx, "W-3")
			if err != nil || d.Status != models.StatusInStock || d.Notes != "b" || d.CustomFields["<script>alert(1)</script>"] != "rack 8" {
				t.Fatalf("W-3 = %+v, %v", d, err)
			}
		})

		t.Run("the next file with the same headers uses the saved profile", func(t *testing.T) {
			next := strings.Replace(hostileCSV, "W-1,", "W-9,", 1)
			_, page := uploadToMapping(t, c, "hostile-next.csv", next)
			if got := page.Text("#profile-use"); got != "using profile Hostile monthly" {
				t.Fatalf("profile notice %q", got)
			}
			if v := page.Doc.Find("select[name='"+selectFor(t, page, "State")+"'] option[selected]").AttrOr("value", ""); v != "ignore" {
				t.Errorf("State reads as %q, want the profile's ignore", v)
			}
			if page.Doc.Find("select[name=empty_cells] option[selected]").AttrOr("value", "") != "keep" {
				t.Error("the profile's empty-cell choice is not applied")
			}
		})

		t.Run("a changed export is told which profile columns it lacks", func(t *testing.T) {
			changed := strings.Replace(hostileCSV, "State", "Environment", 1)
			changed = strings.Replace(changed, "Device Status", "Lifecycle", 1)
			_, page := uploadToMapping(t, c, "changed.csv", changed)
			if page.Has("#profile-use") {
				t.Fatalf("a profile was applied: %q", page.Text("#profile-use"))
			}
			if got := page.Text("[data-near-profile]"); !strings.Contains(got, "Hostile monthly") || !strings.Contains(got, "State") {
				t.Fatalf("near profile %q", got)
			}
		})
	})
}

func TestImportWizardRequiredField(t *testing.T) {
	srv := webtest.MustServer(t, "sqlite")
	srv.MustUser(t, "ed@example.com", "Ed", "editor")
	c := srv.Client(t)
	c.SignIn("ed@example.com", webtest.Password)
	mappingURL, page := uploadToMapping(t, c, "licences.csv", "Product,Seats,Licence Type\nOffice,10,subscription\n")
	form := formValues(page.Doc.Find("#mapping-form"))
	form.Set(selectFor(t, page, "Product"), "ignore")
	r := c.Post(mappingURL, form)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Text(".missing-required"), "Product is required") {
		t.Fatalf("status %d: %q", r.Status, r.Text("main"))
	}
}

func TestImportWizardRoles(t *testing.T) {
	srv := webtest.MustServer(t, "sqlite")
	srv.MustUser(t, "ed@example.com", "Ed", "editor")
	srv.MustUser(t, "other@example.com", "Other", "editor")
	srv.MustUser(t, "vi@example.com", "Vi", "viewer")
	ed := srv.Client(t)
	ed.SignIn("ed@example.com", webtest.Password)
	mappingURL, page := uploadToMapping(t, ed, "d.csv", hostileCSV)
	base := strings.TrimSuffix(mappingURL, "/mapping")
	form := formValues(page.Doc.Find("#mapping-form"))
	form.Set(selectFor(t, page, "State"), "ignore")
	form.Set("save_as", "Roles")
	values := ed.Post(mappingURL, form)
	vf := formValues(values.Doc.Find("#values-form"))
	vf.Set("step", "dry-run")
	if r := ed.Post(base+"/values", vf); r.Status != http.StatusSeeOther {
		t.Fatalf("dry run: status %d", r.Status)
	}
	profiles := ed.Get("/import-profiles")
	profile := profiles.Doc.Find("#profiles a").First().AttrOr("href", "")
	if profile == "" {
		t.Fatalf("no profile listed: %q", profiles.Text("main"))
	}

	vi := srv.Client(t)
	vi.SignIn("vi@example.com", webtest.Password)
	other := srv.Client(t)
	other.SignIn("other@example.com", webtest.Password)
	cases := []struct {
		name   string
		c      *webtest.Client
		method string
		path   string
		form   url.Values
		header []string
		want   int
	}{
		{"viewer: mapping step", vi, "GET", mappingURL, nil, nil, http.StatusForbidden},
		{"viewer: post mapping", vi, "POST", mappingURL, form, nil, http.StatusForbidden},
		{"viewer: post values", vi, "POST", base + "/values", vf, nil, http.StatusForbidden},
		{"viewer: profiles list", vi, "GET", "/import-profiles", nil, nil, http.StatusOK},
		{"viewer: a profile", vi, "GET", profile, nil, nil, http.StatusOK},
		{"viewer: save a profile", vi, "POST", profile, url.Values{"name": {"x"}, "version": {"1"}}, nil, http.StatusForbidden},
		{"viewer: delete a profile", vi, "POST", profile + "/delete", nil, nil, http.StatusForbidden},
		{"another editor: someone else's upload", other, "GET", mappingURL, nil, nil, http.StatusNotFound},
		{"another editor: post someone else's upload", other, "POST", mappingURL, form, nil, http.StatusNotFound},
		{"cross-site mapping", ed, "POST", mappingURL, form, []string{"Sec-Fetch-Site: cross-site", "Origin: https://evil.example"}, http.StatusForbidden},
		{"cross-site values", ed, "POST", base + "/values", vf, []string{"Sec-Fetch-Site: cross-site", "Origin: https://evil.example"},
			http.StatusForbidden},
		{"cross-site profile delete", ed, "POST", profile + "/delete", nil, []string{"Sec-Fetch-Site: cross-site", "Origin: https://evil.example"},
			http.StatusForbidden},
		{"another file's hash", ed, "POST", mappingURL, withValue(form, "sha256", strings.Repeat("0", 64)), nil, http.StatusBadRequest},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var r *webtest.Response
			if tc.method == "GET" {
				r = tc.c.Get(tc.path, tc.header...)
			} else {
				r = tc.c.Post(tc.path, tc.form, tc.header...)
			}
			if r.Status != tc.want {
				t.Fatalf("status %d, want %d", r.Status, tc.want)
			}
		})
	}
	if r := vi.Get(profile); r.Has("#profile-form") || r.Has("#delete-profile") {
		t.Error("a viewer is offered the profile's form")
	}
	if _, err := srv.Store.FindImportProfile(context.Background(), "Roles"); err != nil {
		t.Errorf("the profile is gone after refused requests: %v", err)
	}
}

func withValue(v url.Values, key, value string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	out.Set(key, value)
	return out
}

func TestImportProfilePages(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		srv.MustUser(t, "ed@example.com", "Ed", "editor")
		ed := srv.Client(t)
		ed.SignIn("ed@example.com", webtest.Password)
		mappingURL, page := uploadToMapping(t, ed, "d.csv", hostileCSV)
		form := formValues(page.Doc.Find("#mapping-form"))
		form.Set(selectFor(t, page, "State"), "ignore")
		form.Set("save_as", `<script>alert("p")</script>`)
		values := ed.Post(mappingURL, form)
		vf := formValues(values.Doc.Find("#values-form"))
		vf.Set("vv."+valueRow(t, values, "Prod"), models.StatusDeployed)
		vf.Set("step", "dry-run")
		if r := ed.Post(strings.TrimSuffix(mappingURL, "/mapping")+"/values", vf); r.Status != http.StatusSeeOther {
			t.Fatalf("dry run: status %d", r.Status)
		}
		list := ed.Get("/import-profiles")
		if strings.Contains(list.Body, `<script>alert("p")`) || !strings.Contains(list.Text("#profiles"), `<script>alert("p")</script>`) {
			t.Fatalf("profile name not escaped as text: %q", list.Text("#profiles"))
		}
		path := list.Doc.Find("#profiles a").First().AttrOr("href", "")
		p := ed.Get(path)
		edit := formValues(p.Doc.Find("#profile-form"))

		t.Run("a value mapped to an unknown value is refused, naming it", func(t *testing.T) {
			bad := withValue(edit, "pv.0", "lapdog")
			r := ed.Post(path, bad)
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Text("main"), "lapdog") {
				t.Fatalf("status %d: %q", r.Status, r.Text(".form-message"))
			}
		})
		t.Run("rename and drop a value", func(t *testing.T) {
			ok := withValue(edit, "name", "Renamed")
			ok.Set("pv.0", "")
			r := ed.Post(path, ok)
			if r.Status != http.StatusSeeOther {
				t.Fatalf("status %d: %q", r.Status, r.Text("main"))
			}
			after := ed.Get(path)
			if after.Text("h1") != "Profile Renamed" || after.Has("input[name='pv.0']") {
				t.Fatalf("after save: %q", after.Text("main"))
			}
			if r := ed.Post(path, ok); r.Status != http.StatusConflict {
				t.Errorf("a stale save: status %d, want 409", r.Status)
			}
		})
		t.Run("delete", func(t *testing.T) {
			if r := ed.Post(path+"/delete", nil); r.Status != http.StatusSeeOther {
				t.Fatalf("status %d", r.Status)
			}
			if r := ed.Get(path); r.Status != http.StatusNotFound {
				t.Errorf("after delete: status %d", r.Status)
			}
		})
	})
}

// twoSheetBook is a workbook of devices and licences whose headers differ.
func twoSheetBook(t *testing.T) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Devices"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet("Licences"); err != nil {
		t.Fatal(err)
	}
	rows := map[string][][]any{
		"Devices":  {{"Asset Tag", "Serial Number", "Kit colour"}, {"B-1", "SN-B1", "grey"}},
		"Licences": {{"Product", "Seats"}, {"Office", 10}},
	}
	for sheet, rs := range rows {
		for i, r := range rs {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(sheet, cell, &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestImportWizardTwoSheets changes one column of one sheet: the other sheet, which lacks that
// header, still imports.
func TestImportWizardTwoSheets(t *testing.T) {
	srv := webtest.MustServer(t, "sqlite")
	srv.MustUser(t, "ed@example.com", "Ed", "editor")
	c := srv.Client(t)
	c.SignIn("ed@example.com", webtest.Password)
	mappingURL, page := uploadToMapping(t, c, "book.xlsx", twoSheetBook(t))
	if n := page.Doc.Find(".mapping-sheet").Length(); n != 2 {
		t.Fatalf("%d sheets shown, want 2", n)
	}
	form := formValues(page.Doc.Find("#mapping-form"))
	form.Set(selectFor(t, page, "Kit colour"), "custom")
	form.Set("save_as", "Two sheets")
	values := c.Post(mappingURL, form)
	vf := formValues(values.Doc.Find("#values-form"))
	vf.Set("step", "dry-run")
	r := c.Post(strings.TrimSuffix(mappingURL, "/mapping")+"/values", vf)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("status %d: %q", r.Status, r.Text("main"))
	}
	dry := c.Get(r.Location)
	if !dry.Has("#commit-import") || !strings.Contains(dry.Text("#counts"), "2") {
		t.Fatalf("the dry run of both sheets: %q", dry.Text("main"))
	}
	profiles := c.Get("/import-profiles")
	profile := c.Get(profiles.Doc.Find("#profiles a").First().AttrOr("href", ""))
	if got := profile.Text("#sheet-mappings"); !strings.Contains(got, "Devices: Kit colour") || !strings.Contains(got, "custom") {
		t.Errorf("the profile's sheet mappings: %q", got)
	}
}
