package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"itreg/models"
)

// fixedTime is the generation time of every test table.
var fixedTime = time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)

// gbp and usd build money values in minor units.
func gbp(minor int64) models.Money { return models.Money{Amount: minor, Currency: "GBP"} }
func usd(minor int64) models.Money { return models.Money{Amount: minor, Currency: "USD"} }

// fixture returns a small table with every column type, two currencies, a flagged row, a
// subtotal row and text that a spreadsheet would run as a formula.
// Totals over non-subtotal rows: GBP 1084.50, USD 100.00.
func fixture() *Table {
	d := models.MustDate
	rows := []Row{
		{Cells: []any{"L-1", "Office, Pro; E3", d("2027-01-31"), d("2026-12-01"), gbp(123450), int64(10), 0.25, true}, Flag: "overdue"},
		{Cells: []any{"L-2", "=1+1", d("2027-02-28"), models.Date{}, usd(9999), int64(-3), 0.5, false}},
		{Cells: []any{"L-3", "+SUM(A1)", d("2027-03-31"), nil, gbp(-20000), nil, nil, nil}},
		{Cells: []any{"L-4", "-2", d("2027-04-30"), nil, gbp(5000), int64(0), 1.0, true}},
		{Cells: []any{"L-5", "@cmd", d("2027-05-31"), nil, usd(1), int64(1), 0.0, false}},
		{Cells: []any{"L-6", "\tX", d("2027-06-30"), nil, models.Money{}, int64(2), nil, nil}},
		{Cells: []any{"Subtotal", "", nil, nil, gbp(108450)}, Subtotal: true},
	}
	return &Table{
		Name:        "renewals",
		Title:       "Renewals due within 90 days of 2026-11-22",
		Columns:     fixtureColumns(),
		Params:      []Param{{Name: "as_of", Value: "2026-11-22"}, {Name: "within", Value: "90"}},
		Notes:       []string{"Costs are next-term costs."},
		GeneratedAt: fixedTime,
		Rows:        StaticRows(rows),
		Calendar: &CalendarSpec{
			UIDKey:      "item_id",
			SummaryKeys: []string{"item_id", "product"},
			Events: []CalendarEvent{
				{DateKey: "end_date", Label: "Ends"},
				{DateKey: "notice_deadline", Label: "Notice deadline"},
			},
		},
	}
}

// render renders a table in a format and fails the test on error.
func render(t *testing.T, tb *Table, format string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Render(&b, tb, format); err != nil {
		t.Fatalf("Render %s: %v", format, err)
	}
	return b.Bytes()
}

func TestRenderJSONGolden(t *testing.T) {
	got := string(render(t, fixture(), "json"))
	want := `{"report":"renewals","title":"Renewals due within 90 days of 2026-11-22","generated_at":"2026-11-22T09:30:00Z",` +
		`"parameters":{"as_of":"2026-11-22","within":"90"},` +
		`"columns":[{"key":"item_id","title":"Item","type":"text"},{"key":"product","title":"Product","type":"text"},` +
		`{"key":"end_date","title":"End date","type":"date"},{"key":"notice_deadline","title":"Notice deadline","type":"date"},` +
		`{"key":"cost","title":"Cost","type":"money"},{"key":"seats","title":"Seats","type":"integer"},` +
		`{"key":"used","title":"Used","type":"percent"},{"key":"auto_renew","title":"Auto-renew","type":"bool"}],` +
		`"rows":[` +
		`{"item_id":"L-1","product":"Office, Pro; E3","end_date":"2027-01-31","notice_deadline":"2026-12-01","cost":{"amount":"1234.50","currency":"GBP"},` +
		`"seats":10,"used":0.25,"auto_renew":true,"_flag":"overdue"},` +
		`{"item_id":"L-2","product":"=1+1","end_date":"2027-02-28","notice_deadline":null,"cost":{"amount":"99.99","currency":"USD"},"seats":-3,"used":0.5,` +
		`"auto_renew":false},` +
		`{"item_id":"L-3","product":"+SUM(A1)","end_date":"2027-03-31","notice_deadline":null,"cost":{"amount":"-200.00","currency":"GBP"},"seats":null,` +
		`"used":null,"auto_renew":null},` +
		`{"item_id":"L-4","product":"-2","end_date":"2027-04-30","notice_deadline":null,"cost":{"amount":"50.00","currency":"GBP"},"seats":0,"used":1,` +
		`"auto_renew":true},` +
		`{"item_id":"L-5","product":"@cmd","end_date":"2027-05-31","notice_deadline":null,"cost":{"amount":"0.01","currency":"USD"},"seats":1,"used":0,` +
		`"auto_renew":false},` +
		`{"item_id":"L-6","product":"\tX","end_date":"2027-06-30","notice_deadline":null,"cost":null,"seats":2,"used":null,"auto_renew":null},` +
		`{"item_id":"Subtotal","product":"","end_date":null,"notice_deadline":null,"cost":{"amount":"1084.50","currency":"GBP"},"seats":null,"used":null,` +
		`"auto_renew":null,"_subtotal":true}` +
		`],"totals":{"cost":[{"amount":"1084.50","currency":"GBP"},{"amount":"100.00","currency":"USD"}]},` +
		`"notes":["Costs are next-term costs."]}` + "\n"
	if got != want {
		t.Errorf("JSON mismatch\n got: %s\nwant: %s", got, want)
	}
	if !json.Valid([]byte(got)) {
		t.Error("output is not valid JSON")
	}
}

func TestRenderJSONEdgeValues(t *testing.T) {
	tests := []struct {
		name string
		typ  ColumnType
		cell any
		want string
	}{
		{"percent rounded to 6 decimals", Percent, 0.1 + 0.2, `0.3`},
		{"NaN percent is blank", Percent, math.NaN(), `null`},
		{"huge percent stays a number", Percent, 1e300, `1e+300`},
		{"int percent is a fraction", Percent, 1, `1`},
		{"int column takes any integer", Integer, uint16(7), `7`},
		{"uint64 too large is text", Integer, uint64(math.MaxUint64), `"18446744073709551615"`},
		{"wrong type becomes text", DateCol, "soon", `"soon"`},
		{"money pointer", MoneyCol, &models.Money{Amount: 5, Currency: "JPY"}, `{"amount":"5","currency":"JPY"}`},
		{"nil money pointer", MoneyCol, (*models.Money)(nil), `null`},
		{"time in a date column", DateCol, time.Date(2027, 1, 2, 23, 0, 0, 0, time.UTC), `"2027-01-02"`},
		{"text with quotes and html", Text, `a "b" <c>`, `"a \"b\" \u003cc\u003e"`},
		{"struct in a text column", Text, struct{ A int }{1}, `"{1}"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tb := &Table{Name: "x", Columns: []Column{{Key: "v", Title: "V", Type: tc.typ}}, GeneratedAt: fixedTime,
				Rows: StaticRows([]Row{{Cells: []any{tc.cell}}})}
			out := render(t, tb, "json")
			var doc struct {
				Rows []map[string]json.RawMessage `json:"rows"`
			}
			if err := json.Unmarshal(out, &doc); err != nil {
				t.Fatalf("invalid JSON %s: %v", out, err)
			}
			if got := string(doc.Rows[0]["v"]); got != tc.want {
				t.Errorf("cell = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestRenderCSV(t *testing.T) {
	out := render(t, fixture(), "csv")
	if !bytes.HasPrefix(out, []byte("\xEF\xBB\xBF")) {
		t.Fatal("CSV does not start with a UTF-8 BOM")
	}
	body := out[3:]
	if n, crlf := bytes.Count(body, []byte("\n")), bytes.Count(body, []byte("\r\n")); n != crlf || n == 0 {
		t.Errorf("%d line feeds, %d of them CRLF", n, crlf)
	}
	records, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := []string{"Item", "Product", "End date", "Notice deadline", "Cost", "Cost currency", "Seats", "Used", "Auto-renew"}
	want := [][]string{
		header,
		{"L-1", "Office, Pro; E3", "2027-01-31", "2026-12-01", "1234.50", "GBP", "10", "25.00%", "true"},
		{"L-2", "'=1+1", "2027-02-28", "", "99.99", "USD", "-3", "50.00%", "false"},
		{"L-3", "'+SUM(A1)", "2027-03-31", "", "-200.00", "GBP", "", "", ""},
		{"L-4", "'-2", "2027-04-30", "", "50.00", "GBP", "0", "100.00%", "true"},
		{"L-5", "'@cmd", "2027-05-31", "", "0.01", "USD", "1", "0.00%", "false"},
		{"L-6", "'\tX", "2027-06-30", "", "", "", "2", "", ""},
		{"Subtotal", "", "", "", "1084.50", "GBP", "", "", ""},
		{"Total (GBP)", "", "", "", "1084.50", "GBP", "", "", ""},
		{"Total (USD)", "", "", "", "100.00", "USD", "", "", ""},
	}
	if len(records) != len(want) {
		t.Fatalf("%d records, want %d: %q", len(records), len(want), records)
	}
	for i := range want {
		t.Run(strings.Join(want[i][:1], ""), func(t *testing.T) {
			if strings.Join(records[i], "|") != strings.Join(want[i], "|") {
				t.Errorf("record %d\n got %q\nwant %q", i, records[i], want[i])
			}
		})
	}
}

func TestNeutralise(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=1+1", "'=1+1"}, {"+SUM(A1)", "'+SUM(A1)"}, {"-2", "'-2"}, {"@cmd", "'@cmd"},
		{"\tX", "'\tX"}, {"\rX", "'\rX"}, {"", ""}, {"plain", "plain"}, {"a=b", "a=b"}, {"'quoted", "'quoted"},
		// Full-width forms, which spreadsheets convert, and leading spaces, which they skip.
		{"＝1+1", "'＝1+1"}, {"＋SUM(A1)", "'＋SUM(A1)"}, {"－2", "'－2"}, {"＠cmd", "'＠cmd"},
		{" =1+1", "' =1+1"}, {"  @cmd", "'  @cmd"}, {"\u00a0+1", "'\u00a0+1"}, {"\u3000＝1", "'\u3000＝1"},
		{"   ", "   "}, {" plain", " plain"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := neutralise(tc.in); got != tc.want {
				t.Errorf("neutralise(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestRenderBadInput(t *testing.T) {
	boom := errors.New("store went away")
	failing := func(yield func(Row, error) bool) {
		if yield(Row{Cells: []any{"a"}}, nil) {
			yield(Row{}, boom)
		}
	}
	cols := []Column{{Key: "a", Title: "A", Type: Text}, {Key: "d", Title: "D", Type: DateCol}, {Key: "m", Title: "M", Type: MoneyCol}}
	odd := []Row{
		{},                              // no cells at all
		{Cells: []any{nil, nil, nil}},   // all blank
		{Cells: []any{1, "x", 3.5, 99}}, // wrong types and an extra cell
		{Cells: []any{"a", models.Date{Year: 1, Month: 1, Day: 1}, models.Money{Amount: 1, Currency: "??"}}},
		{Cells: []any{"\x00\x01ctrl", time.Time{}, &models.Money{}}, Flag: "x", Subtotal: true},
	}
	for _, format := range Formats {
		t.Run(format+"/nil table", func(t *testing.T) {
			if err := Render(&bytes.Buffer{}, nil, format); !errors.Is(err, ErrInvalidTable) {
				t.Errorf("err = %v, want ErrInvalidTable", err)
			}
		})
		t.Run(format+"/duplicate keys", func(t *testing.T) {
			tb := &Table{Name: "x", Columns: []Column{{Key: "a"}, {Key: "a"}}}
			if err := Render(&bytes.Buffer{}, tb, format); !errors.Is(err, ErrInvalidTable) {
				t.Errorf("err = %v, want ErrInvalidTable", err)
			}
		})
		t.Run(format+"/row error is returned", func(t *testing.T) {
			tb := &Table{Name: "x", Columns: cols, Rows: failing,
				Calendar: &CalendarSpec{Events: []CalendarEvent{{DateKey: "d"}}}}
			if err := Render(&bytes.Buffer{}, tb, format); !errors.Is(err, boom) {
				t.Errorf("err = %v, want the row error", err)
			}
		})
		t.Run(format+"/odd cells do not panic", func(t *testing.T) {
			tb := &Table{Name: "x", Columns: cols, Rows: StaticRows(odd),
				Calendar: &CalendarSpec{UIDKey: "a", SummaryKeys: []string{"a"}, Events: []CalendarEvent{{DateKey: "d"}}}}
			render(t, tb, format)
		})
		t.Run(format+"/nil rows", func(t *testing.T) {
			tb := &Table{Name: "x", Columns: cols, Calendar: &CalendarSpec{Events: []CalendarEvent{{DateKey: "d"}}}}
			render(t, tb, format)
		})
	}
	t.Run("unknown format", func(t *testing.T) {
		if err := Render(&bytes.Buffer{}, fixture(), "pdf"); !errors.Is(err, ErrUnknownFormat) {
			t.Errorf("err = %v, want ErrUnknownFormat", err)
		}
	})
}

func TestFileNameAndContentType(t *testing.T) {
	tests := []struct {
		name, format, asOf, want, ctype string
	}{
		{"renewals", "xlsx", "2026-11-22", "itreg-renewals-2026-11-22.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"end-of-life", "csv", "2026-11-22", "itreg-end-of-life-2026-11-22.csv", "text/csv; charset=utf-8"},
		{"renewals", "ics", "", "itreg-renewals.ics", "text/calendar; charset=utf-8"},
		{"../etc/passwd", "json", "2026/11/22", "itreg-etcpasswd-20261122.json", "application/json"},
		{"", "pdf", "x", "itreg-report-x.pdf", "application/octet-stream"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			if got := FileName(&Table{Name: tc.name}, tc.format, tc.asOf); got != tc.want {
				t.Errorf("FileName = %q, want %q", got, tc.want)
			}
			if got := ContentType(tc.format); got != tc.ctype {
				t.Errorf("ContentType = %q, want %q", got, tc.ctype)
			}
		})
	}
}

func TestCollect(t *testing.T) {
	rows, err := fixture().Collect()
	if err != nil || len(rows) != 7 {
		t.Fatalf("Collect = %d rows, %v; want 7, nil", len(rows), err)
	}
	boom := errors.New("boom")
	tb := &Table{Rows: func(yield func(Row, error) bool) { yield(Row{}, boom) }}
	if _, err := tb.Collect(); !errors.Is(err, boom) {
		t.Errorf("Collect err = %v, want boom", err)
	}
}

// fixtureColumns are the columns of the renderer fixtures: one of each type, as a renewals
// report has them.
func fixtureColumns() []Column {
	return []Column{
		{Key: "item_id", Title: "Item", Type: Text},
		{Key: "product", Title: "Product", Type: Text},
		{Key: "end_date", Title: "End date", Type: DateCol},
		{Key: "notice_deadline", Title: "Notice deadline", Type: DateCol},
		{Key: "cost", Title: "Cost", Type: MoneyCol},
		{Key: "seats", Title: "Seats", Type: Integer},
		{Key: "used", Title: "Used", Type: Percent},
		{Key: "auto_renew", Title: "Auto-renew", Type: Bool},
	}
}
