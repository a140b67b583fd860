package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"

	"itreg/models"
	"itreg/models/modeltest"
)

// renewalsDefault is the renewals report on the ops register as of 2026-11-22 with the
// default within of 90 days (end dates 2026-11-22..2027-02-20), worked by hand:
//
//	L2 ends 2026-12-10, notice 60: deadline 2026-10-11, 42 days before as_of (20 days to the
//	   end of October + 22 in November): notice passed; annual EUR 600.00 is the next term; 1 seat, unlimited.
//	W7 ends 2027-02-01, notice 90: deadline 2026-11-03, 19 days ago: notice passed; covers no
//	   device, so it is kept; USD 500.00.
//	W4 ends 2026-12-15, notice 0: deadline = end, 23 days left (8 + 15); no cost.
//	L1 ends 2027-01-31, notice 30: deadline 2027-01-01, 40 days (8 + 31 + 1); monthly GBP 12.50
//	   x 12 = GBP 150.00; 3 of 10 seats; vendor is the supplier, Reseller Ltd.
//	W2 has L1's dates: the tie goes to kind ("licence" < "warranty"); GBP 2000.00.
//	L3 ends 2027-02-20 (as_of + 90, included), notice 0: 90 days; one-off, so no next-term cost.
//
// Left out: L4 (ends 2027-02-21, after the horizon), L5 (ended 2026-11-21), L6 (no end date),
// W6 (ends 2027-01-15 but covers only the retired DSK-1), W1, W3, W5 (end outside the window).
// Next-term totals: GBP 150.00 + 2000.00 = 2150.00; EUR 600.00; USD 500.00.
var renewalsDefault = []string{
	"licence | licence-2 | Creative Cloud | Adobe | 2026-12-10 | 2026-10-11 | -42 | notice passed | false | 600.00 EUR | 1 |  |  [notice_passed]",
	"support contract | warranty-7 | SITE-7 | Acme Support | 2027-02-01 | 2026-11-03 | -19 | notice passed | true | 500.00 USD |  |  |  [notice_passed]",
	"manufacturer warranty | warranty-4 | manufacturer warranty 4 | Dell | 2026-12-15 | 2026-12-15 | 23 | open | false |  |  |  | ",
	"licence | licence-1 | Office 365 (EA-1) | Reseller Ltd | 2027-01-31 | 2027-01-01 | 40 | open | true | 150.00 GBP | 3 | 10 | IT-SW",
	"support contract | warranty-2 | SUP-2 Gold | Acme Support | 2027-01-31 | 2027-01-01 | 40 | open | false | 2000.00 GBP |  |  | IT-SW",
	"licence | licence-3 | Perpetual Tool |  | 2027-02-20 | 2027-02-20 | 90 | open | false |  | 0 |  | ",
}

// TestRenewals checks the renewals report and its filters against the hand-worked rows.
func TestRenewals(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		reg := newOpsRegister(t, st)
		lines, err := st.ListBudgetLines(t.Context(), models.BudgetLineFilter{Q: "IT-SW"})
		if err != nil || len(lines.Items) != 1 {
			t.Fatalf("budget line IT-SW: %d found, %v", len(lines.Items), err)
		}
		swLine := lines.Items[0].ID
		id := func(n int64) string { return fmt.Sprint(n) }
		tests := []struct {
			name string
			q    url.Values
			want []string
		}{
			{"default within 90", url.Values{}, renewalsDefault},
			{"vendor Acme Support (provider)", url.Values{"vendor_id": {id(reg.vendors["Acme Support"])}}, []string{renewalsDefault[1], renewalsDefault[4]}},
			{"vendor Reseller Ltd (supplier)", url.Values{"vendor_id": {id(reg.vendors["Reseller Ltd"])}}, []string{renewalsDefault[3]}},
			{"budget line IT-SW", url.Values{"budget_line_id": {id(swLine)}}, []string{renewalsDefault[3], renewalsDefault[4]}},
			// within 10 ends the window on 2026-12-02; the earliest end date is L2's 2026-12-10.
			{"within 10", url.Values{"within": {"10"}}, []string{}},
			// A year ahead (to 2027-11-22) adds L4 (2027-02-21, deadline = end, 91 days) and W5
			// (extended, 2027-06-30, 220 days = 8+31+31+28+31+30+31+30); W6 still stays out.
			{"within 365", url.Values{"within": {"365"}}, append(slices.Clone(renewalsDefault),
				"licence | licence-4 | Later Tool |  | 2027-02-21 | 2027-02-21 | 91 | open | false |  | 0 |  | ",
				"extended warranty | warranty-5 | extended warranty 5 | Acme Support | 2027-06-30 | 2027-06-30 | 220 | open | false |  |  |  | ",
			)},
			// As of 2026-12-11 L2 (ended the day before) drops out and W4 has 4 days left.
			{"as of 2026-12-11", url.Values{"as_of": {"2026-12-11"}}, []string{
				"support contract | warranty-7 | SITE-7 | Acme Support | 2027-02-01 | 2026-11-03 | -38 | notice passed | true | 500.00 USD |  |  |  [notice_passed]",
				"manufacturer warranty | warranty-4 | manufacturer warranty 4 | Dell | 2026-12-15 | 2026-12-15 | 4 | open | false |  |  |  | ",
				"licence | licence-1 | Office 365 (EA-1) | Reseller Ltd | 2027-01-31 | 2027-01-01 | 21 | open | true | 150.00 GBP | 3 | 10 | IT-SW",
				"support contract | warranty-2 | SUP-2 Gold | Acme Support | 2027-01-31 | 2027-01-01 | 21 | open | false | 2000.00 GBP |  |  | IT-SW",
				"licence | licence-3 | Perpetual Tool |  | 2027-02-20 | 2027-02-20 | 71 | open | false |  | 0 |  | ",
				"licence | licence-4 | Later Tool |  | 2027-02-21 | 2027-02-21 | 72 | open | false |  | 0 |  | ",
			}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				opsCheckRows(t, opsRows(t, opsBuild(t, st, "renewals", tc.q, 1)), tc.want)
			})
		}
		t.Run("json totals", func(t *testing.T) {
			var buf bytes.Buffer
			if err := RenderJSON(&buf, opsBuild(t, st, "renewals", nil, 1)); err != nil {
				t.Fatal(err)
			}
			var doc struct {
				Totals map[string][]models.Money `json:"totals"`
			}
			if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			got := fmt.Sprint(doc.Totals["next_term_cost"])
			if want := "[600.00 EUR 2150.00 GBP 500.00 USD]"; got != want {
				t.Errorf("next-term totals %s, want %s", got, want)
			}
		})
		t.Run("ics parses back", func(t *testing.T) {
			var buf bytes.Buffer
			if err := RenderICS(&buf, opsBuild(t, st, "renewals", nil, 1)); err != nil {
				t.Fatal(err)
			}
			cal, err := ics.ParseCalendar(&buf)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			events := cal.Events()
			if len(events) != 12 {
				t.Fatalf("%d events, want 12 (a notice deadline and an end date for each of 6 items)", len(events))
			}
			uids := map[string]string{}
			for _, e := range events {
				start, err := e.GetAllDayStartAt()
				if err != nil {
					t.Fatal(err)
				}
				uids[e.Id()] = start.Format("2006-01-02") + " " + e.GetProperty(ics.ComponentPropertySummary).Value
			}
			want := map[string]string{
				"licence-1-notice_deadline@itreg":  "2027-01-01 Notice deadline: licence — Office 365 (EA-1)",
				"licence-1-end_date@itreg":         "2027-01-31 End date: licence — Office 365 (EA-1)",
				"warranty-7-notice_deadline@itreg": "2026-11-03 Notice deadline: support contract — SITE-7",
				"warranty-2-end_date@itreg":        "2027-01-31 End date: support contract — SUP-2 Gold",
			}
			for uid, w := range want {
				if uids[uid] != w {
					t.Errorf("event %s = %q, want %q", uid, uids[uid], w)
				}
			}
			if len(uids) != 12 {
				t.Errorf("%d distinct UIDs, want 12", len(uids))
			}
		})
	})
}

// TestRenewalsNextTermCost checks the next-term rule per billing period.
func TestRenewalsNextTermCost(t *testing.T) {
	tests := []struct {
		period, cost, want string
	}{
		{"annual", "600.00 EUR", "600.00 EUR"},
		{"monthly", "12.50 GBP", "150.00 GBP"},
		{"monthly", "1000 JPY", "12000 JPY"},
		{"one_off", "300.00 GBP", ""},
	}
	for _, tc := range tests {
		t.Run(tc.period+" "+tc.cost, func(t *testing.T) {
			got := (&models.Licence{BillingPeriod: tc.period, Cost: opsMoney(tc.cost)}).AnnualCost()
			if got.String() != tc.want {
				t.Errorf("next term %q, want %q", got.String(), tc.want)
			}
		})
	}
	if got := (&models.Licence{}).AnnualCost(); !got.IsZero() {
		t.Errorf("no cost gives %v, want blank", got)
	}
	if !strings.Contains(strings.Join(mustReport(t, "renewals").Formats(), ","), "ics") {
		t.Error("renewals does not offer ics")
	}
}

// mustReport looks a registered report up.
func mustReport(t *testing.T, name string) Report {
	t.Helper()
	r, ok := Lookup(name)
	if !ok {
		t.Fatalf("report %s not registered", name)
	}
	return r
}
