package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"itreg/api/web/webtest"
)

// snowFixture reads a file of the ServiceNow hardware export (ITREG_FIXTURES, item 8 of its
// manifest), skipping the test when the fixtures are not there.
func snowFixture(t *testing.T, name string) string {
	t.Helper()
	dir := os.Getenv("ITREG_FIXTURES")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "fixtures")
	}
	b, err := os.ReadFile(filepath.Join(dir, "servicenow-alm-hardware-export", name))
	if err != nil {
		t.Skipf("fixture %s not found: set ITREG_FIXTURES to the folder of real inventory files (%v)", name, err)
	}
	return string(b)
}

// TestImportWizardServiceNowMonths takes a real ServiceNow export (XLSX) through the wizard,
// saving a profile, then its other snapshot (CSV, same headers) is read with that profile.
func TestImportWizardServiceNowMonths(t *testing.T) {
	xlsx, csv := snowFixture(t, "alm_hardware.xlsx"), snowFixture(t, "alm_hardware (2).csv")
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		srv.MustUser(t, "ed@example.com", "Ed", "editor")
		c := srv.Client(t)
		c.SignIn("ed@example.com", webtest.Password)

		mappingURL, page := uploadToMapping(t, c, "alm_hardware.xlsx", xlsx)
		if got := page.Doc.Find(".mapping-table tbody tr").Length(); got != 9 {
			t.Fatalf("%d columns, want the export's 9", got)
		}
		form := formValues(page.Doc.Find("#mapping-form"))
		form.Set(selectFor(t, page, "Configuration Item"), "serial_number")
		form.Set(selectFor(t, page, "Display name"), "custom")
		form.Set("save_as", "ServiceNow hardware")
		commitMapping(t, c, mappingURL, form)
		d, err := srv.Store.FindDeviceByAssetTag(context.Background(), "VFNA016451")
		if err != nil || d.SerialNumber == nil || *d.SerialNumber != "38977S2" || !strings.Contains(d.CustomFields["Display name"], "Latitude 7490") {
			t.Fatalf("VFNA016451 = %+v, %v", d, err)
		}

		_, next := uploadToMapping(t, c, "alm_hardware (2).csv", csv)
		if got := next.Text("#profile-use"); got != "using profile ServiceNow hardware" {
			t.Fatalf("the second snapshot says %q", got)
		}
		if v := next.Doc.Find("select[name='"+selectFor(t, next, "Configuration Item")+"'] option[selected]").AttrOr("value", ""); v != "serial_number" {
			t.Errorf("Configuration Item reads as %q with the profile", v)
		}
	})
}
