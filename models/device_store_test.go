package models_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

// createTestDevice creates a device, failing the test on error.
func createTestDevice(t *testing.T, st *models.Store, d models.Device) *models.Device {
	t.Helper()
	if d.Category == "" {
		d.Category = models.CategoryLaptop
	}
	if d.Status == "" {
		d.Status = models.StatusDeployed
	}
	if err := st.CreateDevice(models.WithActor(context.Background(), "test"), &d); err != nil {
		t.Fatalf("create device: %v", err)
	}
	return &d
}

// insertWarranty inserts a warranty covering devices directly, as the warranty store is tested
// on its own.
func insertWarranty(t *testing.T, st *models.Store, start, end string, devices ...int64) {
	t.Helper()
	ctx := context.Background()
	w := models.Warranty{Kind: "manufacturer", EndDate: models.MustDate(end)}
	if start != "" {
		w.StartDate = models.MustDate(start)
	}
	if err := st.DB(ctx).Create(&w).Error; err != nil {
		t.Fatal(err)
	}
	for _, id := range devices {
		if err := st.DB(ctx).Create(&models.WarrantyDevice{WarrantyID: w.ID, DeviceID: id}).Error; err != nil {
			t.Fatal(err)
		}
	}
}

func TestDeviceCRUD(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := models.WithActor(context.Background(), "test")
		dell := &models.Vendor{Name: "Dell"}
		hp := &models.Vendor{Name: "HP"}
		for _, v := range []*models.Vendor{dell, hp} {
			if err := st.CreateVendor(ctx, v); err != nil {
				t.Fatal(err)
			}
		}
		line := &models.BudgetLine{Code: "IT-HW", Name: "Hardware", FiscalYear: 2026, Category: "capex"}
		if err := st.CreateBudgetLine(ctx, line); err != nil {
			t.Fatal(err)
		}
		d := createTestDevice(t, st, models.Device{AssetTag: models.StrPtr("A-1"), SerialNumber: models.StrPtr("S1"),
			ManufacturerID: &dell.ID, SupplierID: &hp.ID, BudgetLineID: &line.ID,
			PurchaseCost: models.Money{Amount: 129900, Currency: "GBP"}})
		t.Run("create loads the associations", func(t *testing.T) {
			if d.Manufacturer == nil || d.Manufacturer.Name != "Dell" || d.Supplier.Name != "HP" || d.BudgetLine.Code != "IT-HW" {
				t.Fatalf("associations %+v %+v %+v", d.Manufacturer, d.Supplier, d.BudgetLine)
			}
		})
		t.Run("get and find by asset tag load the associations", func(t *testing.T) {
			got, err := st.GetDevice(ctx, d.ID)
			if err != nil || got.Manufacturer.Name != "Dell" || got.BudgetLine.Code != "IT-HW" {
				t.Fatalf("get: %v %+v", err, got)
			}
			found, err := st.FindDeviceByAssetTag(ctx, "A-1")
			if err != nil || found.ID != d.ID || found.Supplier.Name != "HP" {
				t.Fatalf("find: %v %+v", err, found)
			}
			if _, err := st.FindDeviceByAssetTag(ctx, "nope"); !errors.Is(err, models.ErrNotFound) {
				t.Fatalf("find missing: %v", err)
			}
		})
		missing := int64(9999)
		refCases := []struct {
			name, field string
			set         func(*models.Device)
		}{
			{"manufacturer", "manufacturer_id", func(x *models.Device) { x.ManufacturerID = &missing }},
			{"supplier", "supplier_id", func(x *models.Device) { x.SupplierID = &missing }},
			{"budget line", "budget_line_id", func(x *models.Device) { x.BudgetLineID = &missing }},
		}
		for _, tc := range refCases {
			t.Run("missing "+tc.name+" is an invalid field on create and update", func(t *testing.T) {
				x := models.Device{AssetTag: models.StrPtr("REF-" + tc.field), Category: "laptop", Status: "deployed"}
				tc.set(&x)
				var fe *models.FieldError
				if err := st.CreateDevice(ctx, &x); !errors.As(err, &fe) || fe.Fields[tc.field] == "" {
					t.Fatalf("create: want %s invalid, got %v", tc.field, err)
				}
				_, err := st.UpdateDevice(ctx, d.ID, d.Version, func(x *models.Device) error { tc.set(x); return nil })
				if !errors.As(err, &fe) || fe.Fields[tc.field] == "" {
					t.Fatalf("update: want %s invalid, got %v", tc.field, err)
				}
			})
		}
		dupCases := []struct {
			name, field string
			d           models.Device
		}{
			{"asset tag", "asset_tag", models.Device{AssetTag: models.StrPtr("A-1")}},
			{"serial of the same manufacturer", "serial_number", models.Device{SerialNumber: models.StrPtr("S1"), ManufacturerID: &dell.ID}},
		}
		for _, tc := range dupCases {
			t.Run("duplicate "+tc.name+" is a conflict", func(t *testing.T) {
				tc.d.Category, tc.d.Status = "laptop", "deployed"
				var ce *models.ConflictError
				if err := st.CreateDevice(ctx, &tc.d); !errors.As(err, &ce) || ce.Fields[tc.field] == "" {
					t.Fatalf("want %s conflict, got %v", tc.field, err)
				}
			})
		}
		t.Run("the same serial from another manufacturer is fine", func(t *testing.T) {
			createTestDevice(t, st, models.Device{SerialNumber: models.StrPtr("S1"), ManufacturerID: &hp.ID})
		})
		t.Run("update audits old and new values", func(t *testing.T) {
			got, err := st.UpdateDevice(ctx, d.ID, 1, func(x *models.Device) error { x.Location = "London"; return nil })
			if err != nil || got.Version != 2 || got.Manufacturer.Name != "Dell" {
				t.Fatalf("update: %v %+v", err, got)
			}
			evs, err := st.ListAuditEvents(ctx, models.AuditFilter{Entity: "device", EntityID: d.ID})
			if err != nil || len(evs.Items) != 2 {
				t.Fatalf("audit: %v %+v", err, evs)
			}
			if ch := evs.Items[0].Changes["location"]; ch.Old != "" || ch.New != "London" || len(evs.Items[0].Changes) != 1 {
				t.Fatalf("changes %+v", evs.Items[0].Changes)
			}
		})
		t.Run("a device holding licence seats is not deleted", func(t *testing.T) {
			x := createTestDevice(t, st, models.Device{AssetTag: models.StrPtr("SEATED")})
			lic := models.Licence{Product: "Office", Type: "subscription", Metric: "per_device"}
			if err := st.DB(ctx).Create(&lic).Error; err != nil {
				t.Fatal(err)
			}
			if err := st.DB(ctx).Create(&models.LicenceSeat{LicenceID: lic.ID, DeviceID: &x.ID}).Error; err != nil {
				t.Fatal(err)
			}
			var ce *models.ConflictError
			if err := st.DeleteDevice(ctx, x.ID, nil); !errors.As(err, &ce) || !strings.Contains(ce.Message, "1 licence seats") {
				t.Fatalf("want seats conflict, got %v", err)
			}
		})
		t.Run("delete takes the warranty links with it", func(t *testing.T) {
			x := createTestDevice(t, st, models.Device{AssetTag: models.StrPtr("COVERED")})
			insertWarranty(t, st, "", "2027-01-01", x.ID)
			stale := int64(7)
			if err := st.DeleteDevice(ctx, x.ID, &stale); !errors.Is(err, models.ErrStale) {
				t.Fatalf("stale delete: %v", err)
			}
			if err := st.DeleteDevice(ctx, x.ID, nil); err != nil {
				t.Fatalf("delete: %v", err)
			}
			var links int64
			st.DB(ctx).Model(&models.WarrantyDevice{}).Where("device_id = ?", x.ID).Count(&links)
			if links != 0 {
				t.Fatalf("%d warranty links left", links)
			}
		})
	})
}

func TestWarrantyStatus(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		ids := map[string]int64{}
		for _, tag := range []string{"covered", "expired", "future", "none", "two"} {
			ids[tag] = createTestDevice(t, st, models.Device{AssetTag: models.StrPtr(tag)}).ID
		}
		insertWarranty(t, st, "2024-01-01", "2027-01-01", ids["covered"], ids["two"])
		insertWarranty(t, st, "2022-01-01", "2025-01-01", ids["expired"])
		insertWarranty(t, st, "2027-01-01", "2028-01-01", ids["future"])
		insertWarranty(t, st, "", "2026-11-22", ids["two"])
		insertWarranty(t, st, "2020-01-01", "2021-01-01", ids["two"])
		got, err := st.WarrantyStatus(ctx, []int64{ids["covered"], ids["expired"], ids["future"], ids["none"], ids["two"]}, models.MustDate("2026-11-22"))
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			tag     string
			covered bool
			end     string
		}{
			{"covered", true, "2027-01-01"},
			{"expired", false, "2025-01-01"},
			{"future", false, "2028-01-01"},
			{"none", false, ""},
			{"two", true, "2027-01-01"},
		}
		for _, tc := range cases {
			t.Run(tc.tag, func(t *testing.T) {
				c := got[ids[tc.tag]]
				if c.Covered != tc.covered || c.End.String() != tc.end {
					t.Fatalf("got %+v, want covered %v until %q", c, tc.covered, tc.end)
				}
			})
		}
		t.Run("the last day of a warranty is covered, the next is not", func(t *testing.T) {
			on, err := st.WarrantyStatus(ctx, []int64{ids["covered"]}, models.MustDate("2027-01-01"))
			if err != nil || !on[ids["covered"]].Covered {
				t.Fatalf("on the end date: %v %+v", err, on)
			}
			after, err := st.WarrantyStatus(ctx, []int64{ids["covered"]}, models.MustDate("2027-01-02"))
			if err != nil || after[ids["covered"]].Covered {
				t.Fatalf("after the end date: %v %+v", err, after)
			}
		})
	})
}

func TestListDevices(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		dell := &models.Vendor{Name: "Dell"}
		if err := st.CreateVendor(ctx, dell); err != nil {
			t.Fatal(err)
		}
		devices := []models.Device{
			{AssetTag: models.StrPtr("A-1"), Hostname: "fin-01", Department: "Finance", Status: "deployed", ManufacturerID: &dell.ID,
				PurchaseDate: models.MustDate("2024-02-29"), PurchaseCost: models.Money{Amount: 100000, Currency: "GBP"}},
			{AssetTag: models.StrPtr("A-2"), Hostname: "100%_sure", Department: "finance", Status: "in_stock", Category: "server"},
			{SerialNumber: models.StrPtr("NO-TAG"), Hostname: "it-01", Department: "IT", Status: "retired", EOLDate: models.MustDate("2025-06-30")},
			{AssetTag: models.StrPtr("A-4"), Model: "Latitude 7440", AssignedTo: "Ann O'Neil", PurchaseDate: models.MustDate("2023-01-10"),
				PurchaseCost: models.Money{Amount: 5000, Currency: "GBP"}},
			{AssetTag: models.StrPtr("A-5"), Location: "Leeds", PurchaseCost: models.Money{Amount: 5000, Currency: "EUR"}},
		}
		for _, d := range devices {
			createTestDevice(t, st, d)
		}
		filters := []filterCase[models.DeviceFilter]{
			{"all", models.DeviceFilter{}, 5},
			{"status", models.DeviceFilter{Status: "retired"}, 1},
			{"category", models.DeviceFilter{Category: "server"}, 1},
			{"department ignores case", models.DeviceFilter{Department: "FINANCE"}, 2},
			{"location", models.DeviceFilter{Location: "leeds"}, 1},
			{"assigned to", models.DeviceFilter{AssignedTo: "ann o'neil"}, 1},
			{"manufacturer", models.DeviceFilter{ManufacturerID: dell.ID}, 1},
			{"q in hostname", models.DeviceFilter{Q: "FIN-"}, 1},
			{"q in model", models.DeviceFilter{Q: "latitude"}, 1},
			{"q in serial", models.DeviceFilter{Q: "no-tag"}, 1},
			{"q percent is literal", models.DeviceFilter{Q: "%"}, 1},
			{"q underscore is literal", models.DeviceFilter{Q: "_"}, 1},
			{"q quote is literal", models.DeviceFilter{Q: "o'neil"}, 1},
			{"q injection is text", models.DeviceFilter{Q: "' OR 1=1 --"}, 0},
		}
		runFilterCases(t, filters, func(f models.DeviceFilter) (int, int64, error) {
			res, err := st.ListDevices(ctx, f)
			return len(res.Items), res.Total, err
		})
		t.Run("list loads the manufacturer", func(t *testing.T) {
			res, err := st.ListDevices(ctx, models.DeviceFilter{ManufacturerID: dell.ID})
			if err != nil || res.Items[0].Manufacturer == nil || res.Items[0].Manufacturer.Name != "Dell" {
				t.Fatalf("%v %+v", err, res.Items)
			}
		})
		for _, sort := range []string{"asset_tag", "-asset_tag", "serial_number", "hostname", "category", "status", "purchase_date", "-purchase_date",
			"purchase_cost", "-purchase_cost", "department", "location", "eol_date", "-eol_date"} {
			t.Run("keyset pages by "+sort, func(t *testing.T) {
				all := allPages(t, models.Page{Limit: 2, Sort: sort}, func(p models.Page) (models.ListResult[models.Device], error) {
					return st.ListDevices(ctx, models.DeviceFilter{Page: p})
				}, func(d *models.Device) int64 { return d.ID })
				if len(all) != 5 {
					t.Fatalf("saw %d devices, want 5", len(all))
				}
			})
		}
		t.Run("purchase date sorts unset dates first", func(t *testing.T) {
			res, err := st.ListDevices(ctx, models.DeviceFilter{Page: models.Page{Sort: "-purchase_date"}})
			if err != nil || models.Str(res.Items[0].AssetTag) != "A-1" || models.Str(res.Items[1].AssetTag) != "A-4" {
				t.Fatalf("%v %v", err, res.Items)
			}
		})
		t.Run("unknown sort is a parameter error", func(t *testing.T) {
			_, err := st.ListDevices(ctx, models.DeviceFilter{Page: models.Page{Sort: "notes"}})
			if !errors.Is(err, models.ErrBadParam) {
				t.Fatalf("got %v", err)
			}
		})
	})
}

// allPages follows a list's cursors from the first page and returns every item, failing when
// an item comes twice.
func allPages[T any](t *testing.T, page models.Page, list func(models.Page) (models.ListResult[T], error), idOf func(*T) int64) []T {
	t.Helper()
	seen := map[int64]bool{}
	var out []T
	for {
		res, err := list(page)
		if err != nil {
			t.Fatal(err)
		}
		for i := range res.Items {
			if id := idOf(&res.Items[i]); seen[id] {
				t.Fatalf("record %d seen twice", id)
			} else {
				seen[id] = true
			}
		}
		out = append(out, res.Items...)
		if res.Next == "" {
			return out
		}
		page.Cursor = res.Next
	}
}

// filterCase is a list filter and how many records it must match.
type filterCase[F any] struct {
	name string
	f    F
	want int
}

// runFilterCases runs each filter as a subtest through list, which answers the number of items
// on the first page and the total.
func runFilterCases[F any](t *testing.T, cases []filterCase[F], list func(F) (int, int64, error)) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n, total, err := list(tc.f)
			if err != nil || n != tc.want || total != int64(tc.want) {
				t.Fatalf("%v: %d items, total %d, want %d", err, n, total, tc.want)
			}
		})
	}
}
