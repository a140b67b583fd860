package importers_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

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

// count returns the rows of a table.
func count(t *testing.T, st *models.Store, table string) int64 {
	t.Helper()
	var n int64
	if err := st.DB(context.Background()).Table(table).Count(&n).Error; err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
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
		if res.Status != importers.StatusSucceeded || res.Counts.Created != 3 || len(res.Errors) != 0 {
			t.Fatalf("first import: %+v %+v", res.Counts, res.Errors)
		}
		if got := count(t, st, "vendors"); got != 4 {
			t.Errorf("vendors = %d, want 4 (Dell, HP, CDW, Softcat; dell is Dell)", got)
		}
		if got := count(t, st, "warranties"); got != 1 {
			t.Errorf("warranties = %d, want 1", got)
		}
		audits := count(t, st, "audit_events")
		res2 := run(t, st, "devices.csv", devicesCSV, opt)
		if res2.Counts.Unchanged != 3 || res2.Counts.Created+res2.Counts.Updated != 0 {
			t.Fatalf("re-import: %+v %+v", res2.Counts, res2.Errors)
		}
		if got := count(t, st, "audit_events"); got != audits {
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
