package reports

import (
	"fmt"
	"testing"

	"itreg/models"
)

// TestDeviceSpoolRoundTrip writes devices with every kind of field value (blank and unicode
// text, no dates, the last day of a leap February, negative and zero amounts, no own
// lifetime, covered or not) and reads back the same devices in the same order, and stops
// when the reader does.
func TestDeviceSpoolRoundTrip(t *testing.T) {
	life := 84
	devices := []models.ReportDevice{
		{},
		{ID: 1, AssetTag: "LAP-1", Serial: "S1", Hostname: "=SUM(1,2)", Category: "laptop", Department: "Finance", Assignee: "@alice",
			Model: "Latitude 5420", Manufacturer: "Dell", PurchaseDate: models.MustDate("2020-02-29"), EOLDate: models.MustDate("2027-12-31"),
			PurchaseCost: models.Money{Amount: 120000, Currency: "GBP"}, LifetimeMonths: &life, BudgetLine: "IT-HW",
			Cover: models.DeviceCover{Covered: true, End: models.MustDate("2029-01-01"), Provider: "Acme"}},
		{ID: 1 << 40, AssetTag: "Ünïcødé ✓ 资产", PurchaseCost: models.Money{Amount: -5, Currency: "EUR"},
			Cover: models.DeviceCover{End: models.MustDate("0001-01-01")}},
		{ID: 7, PurchaseCost: models.Money{Currency: "JPY"}, PurchaseDate: models.MustDate("9999-12-31")},
	}
	s, err := newDeviceSpool()
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	for i := range devices {
		if err := s.add(&devices[i]); err != nil {
			t.Fatal(err)
		}
	}
	for _, stopAfter := range []int{len(devices), 2} {
		var got []models.ReportDevice
		err := s.each(func(d *models.ReportDevice) bool {
			got = append(got, *d)
			return len(got) < stopAfter
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != stopAfter {
			t.Fatalf("read %d devices, want %d", len(got), stopAfter)
		}
		for i := range got {
			if g, w := spoolText(got[i]), spoolText(devices[i]); g != w {
				t.Errorf("device %d\n got %s\nwant %s", i, g, w)
			}
		}
	}
}

// spoolText writes a device's fields, its own lifetime by value.
func spoolText(d models.ReportDevice) string {
	life := "none"
	if d.LifetimeMonths != nil {
		life = fmt.Sprint(*d.LifetimeMonths)
	}
	d.LifetimeMonths = nil
	return fmt.Sprintf("%+v lifetime %s", d, life)
}
