package importers_test

import (
	"bytes"
	"context"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"

	"itreg/importers"
	"itreg/models"
	"itreg/models/modeltest"
)

// seedRegister fills a register with every kind, every field set (custom fields included).
func seedRegister(t *testing.T, st *models.Store) {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	dell := &models.Vendor{Name: "Dell", Roles: models.StringList{"manufacturer", "supplier"}, Website: "https://dell.example",
		SupportEmail: "support@dell.example", SupportPhone: "+44 1344 860456", AccountNumber: "ACC-1"}
	dell.Notes = "Main vendor"
	must(st.CreateVendor(ctx, dell))
	ms := &models.Vendor{Name: "Microsoft & Co", Roles: models.StringList{"reseller"}}
	must(st.CreateVendor(ctx, ms))
	line := &models.BudgetLine{Code: "IT-HW", Name: "Hardware", FiscalYear: 2026, Category: "capex", CostCentre: "CC-1",
		Owner: "Jane Smith", Allocated: models.Money{Amount: 5000050, Currency: "GBP"}}
	line.Notes = "Refresh"
	must(st.CreateBudgetLine(ctx, line))
	months := 36
	lap := &models.Device{AssetTag: models.StrPtr("LAP-1"), SerialNumber: models.StrPtr("SN-0001"), Hostname: "lap-1",
		Category: "laptop", ManufacturerID: &dell.ID, Model: "Latitude 7440", Status: "deployed", AssignedTo: "Jane Smith",
		Department: "Finance", CostCentre: "CC-1", Location: "London", PurchaseDate: models.NewDate(2026, 1, 15),
		PurchaseCost: models.Money{Amount: 124999, Currency: "GBP"}, SupplierID: &dell.ID, OrderNumber: "PO-1",
		InvoiceNumber: "INV-1", BudgetLineID: &line.ID, LifetimeMonths: &months, EOLDate: models.NewDate(2030, 2, 28),
		CustomFields: models.JSONMap{"Colour": "Black", "Dock": "WD19"}}
	lap.Notes = "=SUM(A1) stays text"
	must(st.CreateDevice(ctx, lap))
	yen := &models.Device{SerialNumber: models.StrPtr("00123"), Category: "monitor", ManufacturerID: &dell.ID, Status: "in_stock",
		PurchaseCost: models.Money{Amount: 45000, Currency: "JPY"}, PurchaseDate: models.NewDate(2025, 12, 31)}
	must(st.CreateDevice(ctx, yen))
	seats := int64(25)
	lic := &models.Licence{Product: "Office", PublisherID: &ms.ID, SupplierID: &dell.ID, Reference: models.StrPtr("AGR-1"),
		Type: "subscription", Metric: "per_user", Seats: &seats, Key: "AAAA-BBBB-CCCC", StartDate: models.NewDate(2026, 1, 1),
		EndDate: models.NewDate(2026, 12, 31), AutoRenew: true, NoticeDays: 30, Cost: models.Money{Amount: 1380000, Currency: "EUR"},
		BillingPeriod: "annual", BudgetLineID: &line.ID, OrderNumber: "PO-2"}
	lic.Notes = "Renews in January"
	must(st.CreateLicence(ctx, lic))
	perp := &models.Licence{Product: "Visio", PublisherID: &ms.ID, Type: "perpetual", Metric: "per_device",
		StartDate: models.NewDate(2024, 5, 1)}
	must(st.CreateLicence(ctx, perp))
	war := &models.Warranty{ProviderID: &dell.ID, Kind: "support", Reference: models.StrPtr("WAR-1"), ServiceLevel: "NBD on-site",
		StartDate: models.NewDate(2026, 1, 15), EndDate: models.NewDate(2029, 1, 14), Cost: models.Money{Amount: 9900, Currency: "GBP"},
		BudgetLineID: &line.ID, AutoRenew: true, NoticeDays: 60, DeviceIDs: []int64{lap.ID, yen.ID}}
	war.Notes = "Both devices"
	must(st.CreateWarranty(ctx, war))
}

// snapshot reads every record's audit fields and version, by table and id.
func snapshot(t *testing.T, st *models.Store) map[string]map[int64]map[string]any {
	t.Helper()
	ctx := context.Background()
	out := map[string]map[int64]map[string]any{}
	add := func(table string, id, version int64, fields map[string]any) {
		if out[table] == nil {
			out[table] = map[int64]map[string]any{}
		}
		fields["version"] = version
		out[table][id] = fields
	}
	vs, err := st.ListVendors(ctx, models.VendorFilter{Page: models.Page{Limit: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs.Items {
		add("vendors", v.ID, v.Version, v.AuditFields())
	}
	bs, err := st.ListBudgetLines(ctx, models.BudgetLineFilter{Page: models.Page{Limit: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bs.Items {
		add("budget_lines", b.ID, b.Version, b.AuditFields())
	}
	ds, err := st.ListDevices(ctx, models.DeviceFilter{Page: models.Page{Limit: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds.Items {
		add("devices", d.ID, d.Version, d.AuditFields())
	}
	ls, err := st.ListLicences(ctx, models.LicenceFilter{Page: models.Page{Limit: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls.Items {
		f := l.AuditFields()
		f["key"] = l.Key
		add("licences", l.ID, l.Version, f)
	}
	ws, err := st.ListWarranties(ctx, models.WarrantyFilter{Page: models.Page{Limit: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range ws.Items {
		full, err := st.GetWarranty(ctx, w.ID)
		if err != nil {
			t.Fatal(err)
		}
		add("warranties", w.ID, w.Version, full.AuditFields())
	}
	return out
}

func TestExportRoundTrip(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		seedRegister(t, st)
		before := snapshot(t, st)
		var buf bytes.Buffer
		if err := importers.Export(ctx, st, &buf, importers.ExportOptions{}); err != nil {
			t.Fatal(err)
		}
		t.Run("cells", func(t *testing.T) {
			f := mustOpenXLSX(t, bytes.NewReader(buf.Bytes()))
			if got, want := f.GetSheetList(), []string{"Vendors", "Budget Lines", "Devices", "Licences", "Warranties"}; !reflect.DeepEqual(got, want) {
				t.Fatalf("sheets %v, want %v", got, want)
			}
			cases := []struct{ sheet, cell, want string }{
				{"Devices", "A1", "Asset Tag"},
				{"Devices", "A2", "LAP-1"},
				{"Devices", "E2", "Dell"},
				{"Devices", "L2", "2026-01-15"},
				{"Devices", "M2", "1,249.99"},
				{"Devices", "N2", "GBP"},
				{"Devices", "M3", "45,000"},
				{"Devices", "B3", "00123"},
				{"Devices", "W1", "Colour"},
				{"Devices", "X2", "WD19"},
				{"Vendors", "B2", "manufacturer, supplier"},
				{"Licences", "K2", "Yes"},
				{"Licences", "H2", "AAAA-BBBB-CCCC"},
				{"Licences", "G3", ""},
				{"Warranties", "M2", "LAP-1, 00123"},
				{"Budget Lines", "C2", "2026"},
			}
			for _, c := range cases {
				t.Run(c.sheet+"!"+c.cell, func(t *testing.T) {
					got, err := f.GetCellValue(c.sheet, c.cell)
					if err != nil || got != c.want {
						t.Errorf("%s!%s = %q (%v), want %q", c.sheet, c.cell, got, err, c.want)
					}
				})
			}
			typ, _ := f.GetCellType("Devices", "L2")
			if typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
				t.Errorf("purchase date cell type %v, want a number (a date cell)", typ)
			}
		})
		t.Run("imports back unchanged", func(t *testing.T) {
			res, err := importers.Import(ctx, st, "export.xlsx", bytes.NewReader(buf.Bytes()), int64(buf.Len()),
				importers.Options{Currency: "GBP", KeepUnknown: true})
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != models.ImportSucceeded || len(res.Errors) != 0 {
				t.Fatalf("status %s errors %+v", res.Status, res.Errors)
			}
			want := importers.Counts{Rows: 8, Unchanged: 8}
			if res.Counts != want {
				t.Errorf("counts %+v, want %+v; sheets %+v", res.Counts, want, res.Sheets)
			}
			after := snapshot(t, st)
			for table, rows := range before {
				for id, fields := range rows {
					if !reflect.DeepEqual(fields, after[table][id]) {
						t.Errorf("%s %d changed:\n before %v\n after  %v", table, id, fields, after[table][id])
					}
				}
				if len(after[table]) != len(rows) {
					t.Errorf("%s: %d rows after, %d before", table, len(after[table]), len(rows))
				}
			}
		})
		t.Run("kinds", func(t *testing.T) {
			var only bytes.Buffer
			if err := importers.Export(ctx, st, &only, importers.ExportOptions{Kinds: []string{"vendor"}}); err != nil {
				t.Fatal(err)
			}
			f := mustOpenXLSX(t, &only)
			if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"Vendors"}) {
				t.Errorf("sheets %v, want [Vendors]", got)
			}
		})
	})
}
