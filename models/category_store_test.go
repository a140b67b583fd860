package models_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"itreg/models"
	"itreg/models/migrations"
	"itreg/models/modeltest"
)

func TestCategoriesSeeded(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		set, err := st.Categories(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(set.Names(), " "); got != strings.Join(models.DeviceCategories, " ") {
			t.Fatalf("seeded %q, want the eleven in display order", got)
		}
		for _, c := range set.All() {
			if c.Class != c.Name || c.LifetimeMonths != models.DefaultLifetimeMonths[c.Name] || c.Version != 1 {
				t.Errorf("%s: class %q lifetime %d version %d", c.Name, c.Class, c.LifetimeMonths, c.Version)
			}
		}
		if got := st.LifetimeDefaults(); got[models.CategoryNetwork] != 84 || len(got) != 11 {
			t.Errorf("lifetimes %v", got)
		}
	})
}

func TestCategoryCRUD(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := models.WithActor(context.Background(), "test")
		ups := &models.Category{Name: "UPS", Class: models.CategoryOther, LifetimeMonths: 96}
		if err := st.CreateCategory(ctx, ups); err != nil {
			t.Fatal(err)
		}
		bad := []struct {
			name  string
			c     models.Category
			field string
		}{
			{"duplicate in another case", models.Category{Name: "ups", Class: "other", LifetimeMonths: 12}, ""},
			{"no name", models.Category{Class: "other", LifetimeMonths: 12}, "name"},
			{"comma", models.Category{Name: "a,b", Class: "other", LifetimeMonths: 12}, "name"},
			{"class off the list", models.Category{Name: "KVM", Class: "kvm", LifetimeMonths: 12}, "class"},
			{"lifetime zero", models.Category{Name: "KVM", Class: "other"}, "lifetime_months"},
		}
		for _, c := range bad {
			err := st.CreateCategory(ctx, &c.c)
			var fe *models.FieldError
			switch {
			case c.field == "" && !errors.Is(err, models.ErrConflict):
				t.Errorf("%s: %v, want a conflict", c.name, err)
			case c.field != "" && (!errors.As(err, &fe) || fe.Fields[c.field] == ""):
				t.Errorf("%s: %v, want an error on %s", c.name, err, c.field)
			}
		}
		// A device names the category in any case and is stored under its spelling.
		d := createTestDevice(t, st, models.Device{AssetTag: strp("UPS-1"), Category: "ups", PurchaseDate: models.MustDate("2020-01-15")})
		if d.Category != "UPS" {
			t.Errorf("device category %q, want UPS", d.Category)
		}
		if got := st.LifetimeDefaults()["UPS"]; got != 96 {
			t.Errorf("UPS lifetime %d, want 96", got)
		}
		if eol := d.EndOfLife(st.LifetimeDefaults()); eol != models.MustDate("2028-01-15") {
			t.Errorf("end of life %s, want 2028-01-15", eol)
		}
		err := st.CreateDevice(ctx, &models.Device{AssetTag: strp("T-1"), Category: "Toaster", Status: models.StatusDeployed})
		var fe *models.FieldError
		if !errors.As(err, &fe) || !strings.Contains(fe.Fields["category"], `"Toaster" is not a category`) ||
			!strings.Contains(fe.Fields["category"], "Admin > Categories") {
			t.Errorf("unknown category: %v", err)
		}
		// In use: no delete, naming the count.
		err = st.DeleteCategory(ctx, ups.ID, nil)
		var ce *models.ConflictError
		if !errors.As(err, &ce) || !strings.Contains(ce.Message, "used by 1 devices") {
			t.Errorf("delete in use: %v", err)
		}
		// A rename carries to the device, audited, its version moved on, and to the saved views
		// and report schedules that filter by the category (not to those of another).
		u, _, err := st.CreateUser(ctx, models.UserInput{Email: "views@example.com", Name: "Views", Role: "editor"})
		if err != nil {
			t.Fatal(err)
		}
		views := []*models.SavedView{
			{UserID: u.ID, Page: "devices", Name: "UPS in service", Query: "category=UPS&status=deployed"},
			{UserID: u.ID, Page: "devices", Name: "Laptops", Query: "category=laptop"},
		}
		for _, v := range views {
			if err := st.CreateSavedView(ctx, v); err != nil {
				t.Fatal(err)
			}
		}
		sched := &models.ReportSchedule{Name: "UPS end of life", Enabled: true, Report: "end-of-life", Params: "category=UPS&within=90",
			Frequency: "monthly", MonthDay: 1, SendHour: 8, TimeZone: "UTC", Format: "xlsx", Recipients: models.Recipients{{Kind: "email", Value: "it@example.com"}}}
		if err := st.CreateReportSchedule(ctx, sched); err != nil {
			t.Fatal(err)
		}
		renamed, err := st.UpdateCategory(ctx, ups.ID, ups.Version, func(c *models.Category) error { c.Name = "UPSs"; return nil })
		if err != nil {
			t.Fatal(err)
		}
		got, err := st.GetDevice(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Category != "UPSs" || got.Version != d.Version+1 {
			t.Errorf("after rename: category %q version %d", got.Category, got.Version)
		}
		events, err := st.ListAuditEvents(ctx, models.AuditFilter{Entity: "device", EntityID: d.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(events.Items) == 0 || events.Items[0].Changes["category"].New != "UPSs" {
			t.Errorf("rename not audited on the device: %+v", events.Items)
		}
		if st.LifetimeDefaults()["UPSs"] != 96 {
			t.Errorf("lifetime lost in the rename: %v", st.LifetimeDefaults())
		}
		kept, err := st.SavedViews(ctx, u.ID, "devices")
		if err != nil {
			t.Fatal(err)
		}
		queries := map[string]string{}
		for _, v := range kept {
			queries[v.Name] = v.Query
		}
		if queries["UPS in service"] != "category=UPSs&status=deployed" || queries["Laptops"] != "category=laptop" {
			t.Errorf("saved views after the rename: %v", queries)
		}
		if got, err := st.GetReportSchedule(ctx, sched.ID); err != nil || got.Params != "category=UPSs&within=90" || got.Version != sched.Version+1 {
			t.Errorf("report schedule after the rename: %+v, %v", got, err)
		}
		// Configuration overrides a lifetime by name, in any case.
		st.Lifetimes = map[string]int{"upss": 120}
		if st.LifetimeDefaults()["UPSs"] != 120 {
			t.Errorf("override not applied: %v", st.LifetimeDefaults())
		}
		st.Lifetimes = nil
		if _, err := st.UpdateDevice(ctx, d.ID, got.Version, func(x *models.Device) error { x.Category = "laptop"; return nil }); err != nil {
			t.Fatal(err)
		}
		if err := st.DeleteCategory(ctx, renamed.ID, &renamed.Version); err != nil {
			t.Fatalf("delete unused: %v", err)
		}
		if _, ok := mustCategories(t, st).Find("UPSs"); ok {
			t.Error("deleted category still listed")
		}
	})
}

func mustCategories(t *testing.T, st *models.Store) *models.CategorySet {
	t.Helper()
	set, err := st.Categories(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// A category written in a transaction that rolls back is not seen; one written by another
// process (another store on the same database) is seen by the next read.
func TestCategoriesSeenAcrossStores(t *testing.T) {
	for _, d := range modeltest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			ctx := models.WithActor(context.Background(), "test")
			url := modeltest.MustDatabaseURL(t, d)
			open := func() *models.Store {
				st, err := models.Open(ctx, url, models.Options{})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { st.Close() })
				return st
			}
			a, b := open(), open()
			if _, err := a.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			rollback := errors.New("rollback")
			err := a.WithTx(ctx, func(tx *models.Store) error {
				if err := tx.CreateCategory(ctx, &models.Category{Name: "KVM", Class: "peripheral", LifetimeMonths: 60}); err != nil {
					return err
				}
				if _, ok := mustCategories(t, tx).Find("kvm"); !ok {
					t.Error("the transaction does not see its own category")
				}
				return rollback
			})
			if !errors.Is(err, rollback) {
				t.Fatal(err)
			}
			if _, ok := mustCategories(t, a).Find("KVM"); ok {
				t.Error("a rolled-back category is seen")
			}
			mustCategories(t, b) // b has read the eleven
			if err := a.CreateCategory(ctx, &models.Category{Name: "Firewall", Class: "network", LifetimeMonths: 72}); err != nil {
				t.Fatal(err)
			}
			if _, ok := mustCategories(t, a).Find("firewall"); !ok {
				t.Error("the writer does not see its category")
			}
			if name, err := b.ResolveCategory(ctx, "FIREWALL"); err != nil || name != "Firewall" {
				t.Errorf("another process: %q %v", name, err)
			}
		})
	}
}

// Migrating a register keeps every device's category and its lifetime.
func TestCategoriesMigration(t *testing.T) {
	step := migrations.All[len(migrations.All)-1]
	prev := migrations.All[len(migrations.All)-2].Version
	if step.Name != "categories" {
		t.Skip("the categories step is no longer the last")
	}
	for _, d := range modeltest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			ctx := models.WithActor(context.Background(), "test")
			st, err := models.Open(ctx, modeltest.MustDatabaseURL(t, d), models.Options{Now: func() time.Time { return modeltest.Clock }})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if err := st.MigrateTo(ctx, prev); err != nil {
				t.Fatal(err)
			}
			if got := st.LifetimeDefaults(); got[models.CategoryLaptop] != 48 {
				t.Errorf("before the migration: lifetimes %v, want the built-in ones", got)
			}
			for i, c := range models.DeviceCategories {
				err := st.DB(ctx).Exec(`INSERT INTO devices (created_at, updated_at, asset_tag, category, status, purchase_date)
					VALUES (?, ?, ?, ?, 'deployed', ?)`, modeltest.Clock, modeltest.Clock, "M-"+c, c, models.NewDate(2020, time.Month(i+1), 10)).Error
				if err != nil {
					t.Fatal(err)
				}
			}
			if _, err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			lifetimes := st.LifetimeDefaults()
			for i, c := range models.DeviceCategories {
				dev, err := st.FindDeviceByAssetTag(ctx, "M-"+c)
				if err != nil {
					t.Fatal(err)
				}
				want := models.NewDate(2020, time.Month(i+1), 10).AddMonths(models.DefaultLifetimeMonths[c])
				if dev.Category != c || dev.EndOfLife(lifetimes) != want {
					t.Errorf("%s: category %q end of life %s, want %s", c, dev.Category, dev.EndOfLife(lifetimes), want)
				}
			}
			// The database takes a category of the register's own now.
			if err := st.CreateCategory(ctx, &models.Category{Name: "Power distribution unit", Class: "other", LifetimeMonths: 120}); err != nil {
				t.Fatal(err)
			}
			createTestDevice(t, st, models.Device{AssetTag: strp("PDU-1"), Category: "power distribution unit"})
		})
	}
}
