package models_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"itreg/models"
	"itreg/models/migrations"
	"itreg/models/modeltest"
)

func TestMigrationSteps(t *testing.T) {
	for i, st := range migrations.All {
		t.Run(st.Name, func(t *testing.T) {
			// Numbers are handed out to branches in advance, so a branch may lack a step
			// another one brings: increasing is the rule, contiguous once merged.
			if i > 0 && st.Version <= migrations.All[i-1].Version {
				t.Errorf("step %q is version %d, after version %d: steps are numbered in increasing order", st.Name, st.Version, migrations.All[i-1].Version)
			}
			for _, d := range []string{models.SQLite, models.Postgres} {
				if sql := st.Render(d); strings.Contains(sql, "{{") {
					t.Errorf("%s: placeholder left unrendered", d)
				}
			}
		})
	}
}

func TestMigrate(t *testing.T) {
	last := migrations.All[len(migrations.All)-1].Version
	for _, d := range modeltest.Dialects(t) {
		t.Run(d+"/from an empty database", func(t *testing.T) {
			ctx := context.Background()
			st, err := models.Open(ctx, modeltest.MustDatabaseURL(t, d), models.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if v, err := st.SchemaVersion(ctx); err != nil || v != 0 {
				t.Fatalf("empty database at version %d (%v), want 0", v, err)
			}
			if err := st.CheckSchema(ctx); !errors.Is(err, models.ErrSchemaUnknown) {
				t.Fatalf("an unmigrated database must be refused, got %v", err)
			}
			for range 2 { // the second run finds nothing to do
				if v, err := st.Migrate(ctx); err != nil || v != last {
					t.Fatalf("migrate: version %d (%v), want %d", v, err, last)
				}
			}
			if err := st.CheckSchema(ctx); err != nil {
				t.Fatalf("check schema after migrate: %v", err)
			}
		})
		t.Run(d+"/from the previous schema, keeping its data", func(t *testing.T) {
			if last < 2 {
				t.Skip("only one migration so far")
			}
			ctx := models.WithActor(context.Background(), "test")
			st, err := models.Open(ctx, modeltest.MustDatabaseURL(t, d), models.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if err := st.MigrateTo(ctx, last-1); err != nil {
				t.Fatal(err)
			}
			if err := st.CreateVendor(ctx, &models.Vendor{Name: "Dell"}); err != nil {
				t.Fatalf("write on the previous schema: %v", err)
			}
			if v, err := st.Migrate(ctx); err != nil || v != last {
				t.Fatalf("migrate: version %d (%v), want %d", v, err, last)
			}
			if _, err := st.FindVendorByName(ctx, "dell"); err != nil {
				t.Fatalf("data lost across the migration: %v", err)
			}
		})
	}
}
