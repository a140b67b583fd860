package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"itreg/api/web/webtest"
)

// readingCSV has two date columns written in different orders (purchase dates month first,
// end-of-life dates day first) and costs in dollars without a currency sign.
const readingCSV = "Asset Tag,Category,Status,Purchase Date,EOL Date,Purchase Cost\n" +
	"R-1,laptop,deployed,03/05/2024,01/02/2029,1200\n" +
	"R-2,laptop,deployed,12/31/2023,28/02/2029,950.50\n"

// readingControl finds the name of the date-order or currency control of the column whose
// header cell reads header ("" when the column has none).
func readingControl(page *webtest.Response, header string) string {
	name := ""
	page.Doc.Find(".mapping-table tbody tr").Each(func(_ int, tr *goquery.Selection) {
		if strings.TrimSpace(tr.Find(".header").Text()) == header {
			name = tr.Find(".column-reading select, .column-reading input").AttrOr("name", "")
		}
	})
	return name
}

// TestImportWizardColumnReading sets a column's date order and currency on the mapping step,
// apart from the file's: each reaches the stored devices, a bad one is refused next to its
// column, and a profile keeps them for the next month's file.
func TestImportWizardColumnReading(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		ctx := context.Background()
		srv.MustUser(t, "ed@example.com", "Ed", "editor")
		c := srv.Client(t)
		c.SignIn("ed@example.com", webtest.Password)
		mappingURL, page := uploadToMapping(t, c, "reading.csv", readingCSV) // the file's order: dmy

		order, cur := readingControl(page, "Purchase Date"), readingControl(page, "Purchase Cost")
		t.Run("date and amount columns offer their own reading, others none", func(t *testing.T) {
			if !strings.HasPrefix(order, "order.") || !strings.HasPrefix(cur, "currency.") || readingControl(page, "EOL Date") == "" {
				t.Fatalf("controls %q, %q; EOL Date %q", order, cur, readingControl(page, "EOL Date"))
			}
			if got := readingControl(page, "Asset Tag"); got != "" {
				t.Errorf("Asset Tag has a reading control %q", got)
			}
			if !strings.Contains(page.Text(".mapping-table"), "not a date") {
				t.Errorf("read day first, 12/31/2023 must show as not a date: %q", page.Text(".mapping-table"))
			}
		})

		form := formValues(page.Doc.Find("#mapping-form"))
		form.Set(order, "mdy")
		for _, bad := range []struct{ name, value, want string }{
			{cur, "DOLLARS", "ISO 4217"},
			{order, "dym", "day/month/year"},
		} {
			t.Run("a bad reading is refused next to its column: "+bad.value, func(t *testing.T) {
				f := formValues(page.Doc.Find("#mapping-form"))
				f.Set(bad.name, bad.value)
				r := c.Post(mappingURL, f)
				if r.Status != http.StatusUnprocessableEntity {
					t.Fatalf("status %d, want 422", r.Status)
				}
				id := "#f-" + strings.ReplaceAll(bad.name, ".", "-") + "-error"
				if got := r.Text(id); !strings.Contains(got, bad.want) {
					t.Fatalf("error next to the control %q, want %q", got, bad.want)
				}
			})
		}

		form.Set(cur, "usd")
		form.Set("save_as", "Dollar laptops")
		t.Run("the readings reach the stored devices", func(t *testing.T) {
			commitMapping(t, c, mappingURL, form)
			for _, want := range []struct{ tag, bought, eol, cost string }{
				{"R-1", "2024-03-05", "2029-02-01", "1200.00 USD"},
				{"R-2", "2023-12-31", "2029-02-28", "950.50 USD"},
			} {
				d, err := srv.Store.FindDeviceByAssetTag(ctx, want.tag)
				if err != nil {
					t.Fatal(err)
				}
				if d.PurchaseDate.String() != want.bought || d.EOLDate.String() != want.eol || d.PurchaseCost.String() != want.cost {
					t.Errorf("%s: bought %s, end of life %s, cost %s; want %s, %s, %s", want.tag, d.PurchaseDate, d.EOLDate,
						d.PurchaseCost, want.bought, want.eol, want.cost)
				}
			}
		})

		t.Run("the profile keeps the readings for the next file", func(t *testing.T) {
			_, page := uploadToMapping(t, c, "reading-next.csv", strings.ReplaceAll(readingCSV, "R-", "S-"))
			if got := page.Text("#profile-use"); got != "using profile Dollar laptops" {
				t.Fatalf("profile notice %q", got)
			}
			if v := page.Doc.Find("select[name='"+order+"'] option[selected]").AttrOr("value", ""); v != "mdy" {
				t.Errorf("Purchase Date reads %q, want the profile's mdy", v)
			}
			if v := page.Doc.Find("input[name='"+cur+"']").AttrOr("value", ""); v != "USD" {
				t.Errorf("Purchase Cost currency %q, want the profile's USD", v)
			}
		})
	})
}
