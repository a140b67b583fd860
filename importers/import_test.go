package importers_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"itreg/importers"
	"itreg/importers/fields"
	"itreg/models"
	"itreg/models/modeltest"
)

// run imports text as a file named name.
func run(t *testing.T, st *models.Store, name, text string, opt importers.Options) *importers.Result {
	t.Helper()
	b := []byte(text)
	res, err := importers.Import(context.Background(), st, name, bytes.NewReader(b), int64(len(b)), opt)
	if err != nil {
		t.Fatalf("Import(%s): %v", name, err)
	}
	return res
}

const devicesCSV = `Asset Tag,Serial Number,Category,Manufacturer,Model,Status,Purchase Date,Purchase Cost,Supplier,Warranty End
A-1,SN1,Laptop,Dell,Latitude,In use,2024-01-15,"£1,200.00",CDW,2027-01-15
A-2,SN2,Desktop,HP,ProDesk,In stock,2024-02-01,800,Softcat,
,SN3,Monitor,dell,P2723,deployed,2024-03-01,250.5,CDW,
`

func TestImportDevicesCreateThenUnchanged(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		if _, err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		opt := importers.Options{Currency: "GBP", DateOrder: fields.DMY}
		res := run(t, st, "devices.csv", devicesCSV, opt)
		if res.Status != models.ImportSucceeded || res.Counts.Created != 3 || len(res.Errors) != 0 {
			t.Fatalf("first import: %+v %+v", res.Counts, res.Errors)
		}
		if got := modeltest.Count(t, st, "vendors"); got != 4 {
			t.Errorf("vendors = %d, want 4 (Dell, HP, CDW, Softcat; dell is Dell)", got)
		}
		if got := modeltest.Count(t, st, "warranties"); got != 1 {
			t.Errorf("warranties = %d, want 1", got)
		}
		audits := modeltest.Count(t, st, "audit_events")
		res2 := run(t, st, "devices.csv", devicesCSV, opt)
		if res2.Counts.Unchanged != 3 || res2.Counts.Created+res2.Counts.Updated != 0 {
			t.Fatalf("re-import: %+v %+v", res2.Counts, res2.Errors)
		}
		if got := modeltest.Count(t, st, "audit_events"); got != audits {
			t.Errorf("re-import wrote %d audit events", got-audits)
		}
		changed := strings.Replace(devicesCSV, "Latitude,", "Latitude 5440,", 1)
		res3 := run(t, st, "devices.csv", changed, opt)
		if res3.Counts.Updated != 1 || res3.Counts.Unchanged != 2 {
			t.Fatalf("changed import: %+v %+v", res3.Counts, res3.Errors)
		}
		d, err := st.FindDeviceByAssetTag(ctx, "A-1")
		if err != nil || d.Model != "Latitude 5440" || d.Version != 2 || d.PurchaseCost.Amount != 120000 {
			t.Fatalf("A-1 = %+v, %v", d, err)
		}
	})
}

func TestImportSemantics(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		if _, err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		opt := importers.Options{Currency: "GBP"}
		t.Run("duplicate keys name both rows and nothing is written", func(t *testing.T) {
			res := run(t, st, "dup.csv", "Asset Tag,Category\nD-1,laptop\nD-2,laptop\nD-1,desktop\n", opt)
			if res.Status != models.ImportInvalid || len(res.Errors) != 1 || res.Errors[0].Row != 4 ||
				!strings.Contains(res.Errors[0].Message, "row 2") || res.Errors[0].Column != "Asset Tag" {
				t.Fatalf("%s %+v", res.Status, res.Errors)
			}
			if n := modeltest.Count(t, st, "devices"); n != 0 {
				t.Fatalf("%d devices written by an invalid import", n)
			}
		})
		t.Run("skip invalid commits the valid rows", func(t *testing.T) {
			o := opt
			o.SkipInvalid = true
			res := run(t, st, "dup.csv", "Asset Tag,Category\nD-1,laptop\nD-2,laptop\nD-1,desktop\n", o)
			if res.Status != models.ImportSucceeded || res.Counts.Created != 2 || res.Counts.Failed != 1 {
				t.Fatalf("%s %+v", res.Status, res.Counts)
			}
		})
		t.Run("dry run writes only the run", func(t *testing.T) {
			audits := modeltest.Count(t, st, "audit_events")
			o := opt
			o.DryRun = true
			res := run(t, st, "new.csv", "Asset Tag,Category,Manufacturer\nN-1,laptop,Brand New Co\n", o)
			if res.Status != models.ImportSucceeded || !res.DryRun || res.Counts.Created != 1 {
				t.Fatalf("%s %+v", res.Status, res.Counts)
			}
			if _, err := st.FindDeviceByAssetTag(ctx, "N-1"); err == nil || modeltest.Count(t, st, "audit_events") != audits {
				t.Fatal("the dry run wrote")
			}
			if _, err := st.FindVendorByName(ctx, "Brand New Co"); err == nil {
				t.Fatal("the dry run created a vendor")
			}
			run, err := st.GetImportRun(ctx, res.ID)
			if err != nil || !run.DryRun || run.Status != "succeeded" || run.Created != 1 {
				t.Fatalf("run %+v %v", run, err)
			}
		})
		t.Run("a dry run finds database conflicts", func(t *testing.T) {
			// S-2 is new, but its serial (with the same maker, named in another case) is S-1's.
			run(t, st, "s.csv", "Asset Tag,Serial Number,Manufacturer,Category\nS-1,SER-1,Acme,laptop\n", opt)
			o := opt
			o.DryRun = true
			res := run(t, st, "s2.csv", "Asset Tag,Serial Number,Manufacturer,Category\nS-2,SER-1,ACME,laptop\n", o)
			if res.Status != models.ImportInvalid || len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Message, "already belongs to device S-1") {
				t.Fatalf("%s %+v", res.Status, res.Errors)
			}
		})
		t.Run("only mapped fields change, with one audit event by the import", func(t *testing.T) {
			run(t, st, "full.csv", "Asset Tag,Category,Model,Location,Status\nP-1,laptop,T14,London,deployed\n", opt)
			res := run(t, st, "part.csv", "Asset Tag,Location\nP-1,Leeds\n", opt)
			if res.Counts.Updated != 1 {
				t.Fatalf("%+v %+v", res.Counts, res.Errors)
			}
			d, _ := st.FindDeviceByAssetTag(ctx, "P-1")
			if d.Location != "Leeds" || d.Model != "T14" || d.Status != "deployed" || d.Version != 2 {
				t.Fatalf("device %+v", d)
			}
			evs, err := st.ListAuditEvents(ctx, models.AuditFilter{Entity: "device", EntityID: d.ID, Page: models.Page{Limit: 1}})
			if err != nil || len(evs.Items) == 0 {
				t.Fatalf("no audit event: %v", err)
			}
			ev := evs.Items[0]
			want := fmt.Sprintf("import #%d", res.ID)
			if ev.Actor != want || ev.Action != "update" || len(ev.Changes) != 1 || ev.Changes["location"].New != "Leeds" {
				t.Fatalf("audit %+v, want actor %q", ev, want)
			}
		})
		t.Run("a workbook with several sheets links vendors, budget lines, devices and warranties", func(t *testing.T) {
			data := workbook(t, map[string][][]string{
				"Vendors":      {{"Name", "Website"}, {"Lenovo", "lenovo.com"}},
				"Budget Lines": {{"Code", "Name", "Fiscal Year", "Category", "Allocated"}, {"IT-HW", "Hardware", "2026", "capex", "50000"}},
				"Devices": {{"Asset Tag", "Serial Number", "Manufacturer", "Category", "Purchase Date", "Budget Line", "Errors"}, {"W-1", "LNV1", "lenovo",
					"laptop", "2026-03-01", "IT-HW", "old message"}},
				"Warranties": {{"Provider", "Reference", "Kind", "End Date", "Devices"}, {"Lenovo", "CP-1", "extended", "2029-03-01", "W-1"}, {"Lenovo", "CP-2",
					"extended", "2029-03-01", "NOPE"}},
			})
			o := opt
			o.SkipInvalid = true
			res, err := importers.Import(ctx, st, "book.xlsx", bytes.NewReader(data), int64(len(data)), o)
			if err != nil {
				t.Fatal(err)
			}
			if res.Counts.Created != 4 || res.Counts.Failed != 1 || len(res.Errors) != 1 || res.Errors[0].Sheet != "Warranties" ||
				!strings.Contains(res.Errors[0].Message, `"NOPE"`) {
				t.Fatalf("%+v %+v", res.Counts, res.Errors)
			}
			for _, sh := range res.Sheets {
				if sh.Name == "Devices" && len(sh.Unknown) != 0 {
					t.Errorf("the Errors column is reported as unknown: %v", sh.Unknown)
				}
			}
			d, _ := st.FindDeviceByAssetTag(ctx, "W-1")
			v, _ := st.FindVendorByName(ctx, "LENOVO")
			if d.ManufacturerID == nil || v == nil || *d.ManufacturerID != v.ID || d.BudgetLineID == nil {
				t.Fatalf("device %+v vendor %+v", d, v)
			}
			w, err := st.FindWarranty(ctx, &v.ID, "CP-1")
			if err != nil || len(w.DeviceIDs) != 1 || w.DeviceIDs[0] != d.ID {
				t.Fatalf("warranty %+v %v", w, err)
			}
			again, _ := importers.Import(ctx, st, "book.xlsx", bytes.NewReader(data), int64(len(data)), o)
			if again.Counts.Unchanged != 4 || again.Counts.Created+again.Counts.Updated != 0 {
				t.Fatalf("re-import %+v", again.Counts)
			}
		})
		t.Run("unknown device columns kept as custom fields", func(t *testing.T) {
			o := opt
			o.KeepUnknown = true
			res := run(t, st, "c.csv", "Asset Tag,Category,Badge Colour\nC-1,laptop,Blue\n", o)
			d, _ := st.FindDeviceByAssetTag(ctx, "C-1")
			if res.Counts.Created != 1 || d.CustomFields["Badge Colour"] != "Blue" {
				t.Fatalf("%+v %+v", res.Counts, d.CustomFields)
			}
		})
	})
}

// workbook writes an XLSX with one sheet per entry, rows of text.
func workbook(t *testing.T, sheets map[string][][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	first := true
	for name, rows := range sheets {
		if first {
			f.SetSheetName("Sheet1", name)
			first = false
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			vals := make([]any, len(r))
			for j, v := range r {
				vals[j] = v
			}
			if err := f.SetSheetRow(name, cell, &vals); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestConcurrentImportsCreateNoDuplicates(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		if _, err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		b.WriteString("Asset Tag,Category,Manufacturer\n")
		for i := range 500 {
			fmt.Fprintf(&b, "CC-%d,laptop,Maker %d\n", i, i%7)
		}
		data := []byte(b.String())
		var wg sync.WaitGroup
		results := make([]*importers.Result, 3)
		errs := make([]error, 3)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], errs[i] = importers.Import(ctx, st, "same.csv", bytes.NewReader(data), int64(len(data)), importers.Options{})
			}()
		}
		wg.Wait()
		created := 0
		for i, r := range results {
			if errs[i] != nil {
				t.Fatalf("import %d: %v", i, errs[i])
			}
			created += r.Counts.Created
		}
		if n := modeltest.Count(t, st, "devices"); n != 500 || created != 500 {
			t.Fatalf("%d devices, %d created in all", n, created)
		}
		if n := modeltest.Count(t, st, "vendors"); n != 7 {
			t.Fatalf("%d vendors", n)
		}
	})
}

func TestReimportChangedFile(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		if _, err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		file := func(loc string) string {
			var b strings.Builder
			b.WriteString("Asset Tag,Serial Number,Manufacturer,Category,Location,Purchase Date,Warranty Months\n")
			for i := range 300 {
				fmt.Fprintf(&b, "R-%d,SN-%d,Maker,laptop,%s,2025-01-%02d,36\n", i, i, loc, i%28+1)
			}
			return b.String()
		}
		first := run(t, st, "r.csv", file("London"), importers.Options{})
		if first.Counts.Created != 300 || modeltest.Count(t, st, "warranties") != 300 {
			t.Fatalf("first %+v, %d warranties", first.Counts, modeltest.Count(t, st, "warranties"))
		}
		audits := modeltest.Count(t, st, "audit_events")
		res := run(t, st, "r.csv", file("Leeds"), importers.Options{})
		if res.Counts.Updated != 300 || res.Counts.Created != 0 {
			t.Fatalf("%+v %v", res.Counts, res.Errors)
		}
		if got := modeltest.Count(t, st, "audit_events") - audits; got != 300 {
			t.Errorf("%d audit events for 300 changed rows", got)
		}
		d, _ := st.FindDeviceByAssetTag(ctx, "R-299")
		if d.Location != "Leeds" || d.Version != 2 || d.SerialNumber == nil || *d.SerialNumber != "SN-299" {
			t.Fatalf("%+v", d)
		}
		w, err := st.FindWarranty(ctx, d.ManufacturerID, "R-299-manufacturer")
		if err != nil || w.EndDate.String() != "2028-01-20" || len(w.DeviceIDs) != 1 {
			t.Fatalf("warranty %+v %v", w, err)
		}
	})
}

func TestRowErrorsNameTheFilesColumns(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		res := run(t, st, "licences.csv",
			"Item name,Purchase Date,Expiration Date,Seats\nOffice,2025-06-01,2025-05-31,10\n",
			importers.Options{Kind: "licence", Currency: "GBP"})
		if res.Status != "invalid" || len(res.Errors) != 1 {
			t.Fatalf("%s %+v", res.Status, res.Errors)
		}
		e := res.Errors[0]
		want := `Expiration Date: must not be before "Purchase Date"`
		if e.Row != 2 || e.Column != "Expiration Date" || e.Message != want {
			t.Fatalf("error %+v, want column Expiration Date and message %q", e, want)
		}
	})
}

func TestSeveralSerialsInOneCell(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		res := run(t, st, "devices.csv",
			"Asset Tag,Serial,Category\nA1,\"S1, S2\",laptop\nA2,S3,laptop\nA3,see label on back,laptop\n",
			importers.Options{Kind: "device", Currency: "GBP", SkipInvalid: true})
		if res.Counts.Created != 1 || len(res.Errors) != 2 {
			t.Fatalf("%+v %+v", res.Counts, res.Errors)
		}
		e := res.Errors[0]
		if e.Row != 2 || e.Column != "Serial" || e.Value != "S1, S2" || !strings.Contains(e.Message, "holds 2 values (S1, S2): give each device its own row") {
			t.Fatalf("error %+v", e)
		}
		if e := res.Errors[1]; e.Row != 4 || !strings.Contains(e.Message, `"see label on back" is a remark, not an identifier`) {
			t.Fatalf("error %+v", e)
		}
	})
}

func TestRepeatedHeaderRowsAreSkipped(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		// An export printed page by page repeats its header row.
		res := run(t, st, "devices.csv",
			"Asset Tag,Serial,Category\nA1,S1,laptop\nAsset Tag,Serial,Category\nA2,S2,laptop\n",
			importers.Options{Kind: "device", Currency: "GBP"})
		if res.Status != "succeeded" || res.Counts.Rows != 2 || res.Counts.Created != 2 || len(res.Errors) != 0 {
			t.Fatalf("%s %+v %+v", res.Status, res.Counts, res.Errors)
		}
	})
}

func TestSecondTableInASheet(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		// A licence list pasted under the devices: its rows are not read as devices.
		res := run(t, st, "inventory.csv",
			"Asset Tag,Serial,Category\nA1,S1,laptop\nA2,S2,laptop\n\nProduct,Publisher,Seats,Licence Key\nOffice,Microsoft,10,XXXX\nVisio,Microsoft,2,YYYY\n",
			importers.Options{Kind: "device", Currency: "GBP"})
		if res.Status != "invalid" || len(res.Errors) != 1 || res.Counts.Created != 2 {
			t.Fatalf("%s %+v %+v", res.Status, res.Counts, res.Errors)
		}
		e := res.Errors[0]
		want := `row 5 starts another table (licence headers: "Product", "Publisher", "Seats", "Licence Key"); it and the 2 rows below it were not read: ` +
			`move that table to a sheet of its own`
		if e.Row != 5 || e.Message != want {
			t.Fatalf("error %+v\nwant %s", e, want)
		}
		if n := modeltest.Count(t, st, "devices"); n != 0 {
			t.Fatalf("%d devices written by an invalid import", n)
		}
	})
}

func TestUnlimitedSeats(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		res := run(t, st, "licences.csv", "Product,Reference,Seats\nOffice,AGR-1,Unlimited\nVisio,AGR-2,25\n",
			importers.Options{Kind: "licence", Currency: "GBP"})
		if res.Status != "succeeded" || res.Counts.Created != 2 {
			t.Fatalf("%s %+v %+v", res.Status, res.Counts, res.Errors)
		}
		list, err := st.ListLicences(context.Background(), models.LicenceFilter{Page: models.Page{Sort: "product"}})
		if err != nil || len(list.Items) != 2 {
			t.Fatal(err)
		}
		ls := list.Items
		if ls[0].Seats != nil || ls[1].Seats == nil || *ls[1].Seats != 25 {
			t.Fatalf("seats %v and %v, want unlimited and 25", ls[0].Seats, ls[1].Seats)
		}
	})
}

func TestHeaderSpellsTheDateOrder(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		res := run(t, st, "devices.csv", "Asset Tag,Category,Purchase Date (MM/DD/YYYY)\nA1,laptop,03/05/2024\n",
			importers.Options{Kind: "device", Currency: "GBP"})
		if res.Status != "succeeded" {
			t.Fatalf("%s %+v", res.Status, res.Errors)
		}
		d, err := st.FindDeviceByAssetTag(context.Background(), "A1")
		if err != nil || d.PurchaseDate != models.MustDate("2024-03-05") {
			t.Fatalf("purchase date %v (%v), want 2024-03-05", d.PurchaseDate, err)
		}
	})
}
