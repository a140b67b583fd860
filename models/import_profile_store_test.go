package models_test

import (
	"context"
	"errors"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

func TestImportProfileStore(t *testing.T) {
	for _, dialect := range modeltest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			st := modeltest.MustStore(t, dialect)
			if _, err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			p := &models.ImportProfile{Name: "Snipe-IT monthly export", Kind: "device", Columns: `["Asset Tag"]`, Options: `{}`}
			if err := st.CreateImportProfile(ctx, p); err != nil {
				t.Fatal(err)
			}
			tests := []struct {
				name string
				err  error
				run  func() error
			}{
				{"same name in another case", models.ErrConflict, func() error {
					return st.CreateImportProfile(ctx, &models.ImportProfile{Name: "SNIPE-IT MONTHLY EXPORT", Columns: "[]", Options: "{}"})
				}},
				{"no name", models.ErrInvalid, func() error {
					return st.CreateImportProfile(ctx, &models.ImportProfile{Name: "  ", Columns: "[]", Options: "{}"})
				}},
				{"stale version", models.ErrStale, func() error {
					_, err := st.UpdateImportProfile(ctx, p.ID, 7, func(*models.ImportProfile) error { return nil })
					return err
				}},
				{"delete a missing profile", models.ErrNotFound, func() error { return st.DeleteImportProfile(ctx, 999) }},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					if err := tt.run(); !errors.Is(err, tt.err) {
						t.Fatalf("err = %v, want %v", err, tt.err)
					}
				})
			}
			t.Run("find by name in any case, update, delete", func(t *testing.T) {
				got, err := st.FindImportProfile(ctx, "snipe-it MONTHLY export")
				if err != nil || got.ID != p.ID {
					t.Fatalf("%v %+v", err, got)
				}
				up, err := st.UpdateImportProfile(ctx, p.ID, 1, func(x *models.ImportProfile) error { x.Notes = "monthly"; return nil })
				if err != nil || up.Version != 2 || up.Notes != "monthly" {
					t.Fatalf("%v %+v", err, up)
				}
				if err := st.DeleteImportProfile(ctx, p.ID); err != nil {
					t.Fatal(err)
				}
				if list, err := st.ListImportProfiles(ctx); err != nil || len(list) != 0 {
					t.Fatalf("%v %v", err, list)
				}
			})
		})
	}
}
