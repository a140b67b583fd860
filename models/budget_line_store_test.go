package models_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

func TestBudgetLineCRUD(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := models.WithActor(context.Background(), "test")
		b := &models.BudgetLine{Code: "IT-HW", Name: "Hardware", FiscalYear: 2026, Category: "capex",
			Allocated: models.Money{Amount: 5000000, Currency: "GBP"}}
		if err := st.CreateBudgetLine(ctx, b); err != nil {
			t.Fatalf("create: %v", err)
		}
		t.Run("find by code and fiscal year", func(t *testing.T) {
			got, err := st.FindBudgetLine(ctx, "IT-HW", 2026)
			if err != nil || got.ID != b.ID || got.Allocated != b.Allocated {
				t.Fatalf("find: %v %+v", err, got)
			}
			if _, err := st.FindBudgetLine(ctx, "IT-HW", 2027); !errors.Is(err, models.ErrNotFound) {
				t.Fatalf("find another year: %v", err)
			}
		})
		t.Run("the same code in the same year is a conflict", func(t *testing.T) {
			var ce *models.ConflictError
			err := st.CreateBudgetLine(ctx, &models.BudgetLine{Code: "IT-HW", Name: "Again", FiscalYear: 2026, Category: "opex"})
			if !errors.As(err, &ce) || ce.Fields["code"] == "" {
				t.Fatalf("want code conflict, got %v", err)
			}
		})
		t.Run("the same code in another year is fine", func(t *testing.T) {
			if err := st.CreateBudgetLine(ctx, &models.BudgetLine{Code: "IT-HW", Name: "Hardware", FiscalYear: 2027, Category: "capex"}); err != nil {
				t.Fatal(err)
			}
		})
		invalid := []struct {
			name, field string
			b           models.BudgetLine
		}{
			{"negative allocation", "allocated", models.BudgetLine{Code: "X", Name: "X", FiscalYear: 2026, Category: "capex",
				Allocated: models.Money{Amount: -1, Currency: "GBP"}}},
			{"unknown currency", "allocated", models.BudgetLine{Code: "X", Name: "X", FiscalYear: 2026, Category: "capex", Allocated: models.Money{Amount: 1,
				Currency: "XYZ"}}},
			{"year out of range", "fiscal_year", models.BudgetLine{Code: "X", Name: "X", FiscalYear: 26, Category: "capex"}},
			{"unknown category", "category", models.BudgetLine{Code: "X", Name: "X", FiscalYear: 2026, Category: "misc"}},
		}
		for _, tc := range invalid {
			t.Run(tc.name, func(t *testing.T) {
				var fe *models.FieldError
				if err := st.CreateBudgetLine(ctx, &tc.b); !errors.As(err, &fe) || fe.Fields[tc.field] == "" {
					t.Fatalf("want %s invalid, got %v", tc.field, err)
				}
			})
		}
		t.Run("update and stale update", func(t *testing.T) {
			got, err := st.UpdateBudgetLine(ctx, b.ID, 1, func(x *models.BudgetLine) error { x.Owner = "CFO"; return nil })
			if err != nil || got.Version != 2 || got.Owner != "CFO" {
				t.Fatalf("update: %v %+v", err, got)
			}
			if _, err := st.UpdateBudgetLine(ctx, b.ID, 1, func(x *models.BudgetLine) error { x.Owner = "CEO"; return nil }); !errors.Is(err, models.ErrStale) {
				t.Fatalf("stale: %v", err)
			}
		})
		t.Run("a line in use is not deleted and says by what", func(t *testing.T) {
			for _, tag := range []string{"D1", "D2"} {
				createTestDevice(t, st, models.Device{AssetTag: models.StrPtr(tag), BudgetLineID: &b.ID})
			}
			w := models.Warranty{Kind: "support", EndDate: models.MustDate("2027-01-01"), BudgetLineID: &b.ID}
			if err := st.DB(ctx).Create(&w).Error; err != nil {
				t.Fatal(err)
			}
			var ce *models.ConflictError
			err := st.DeleteBudgetLine(ctx, b.ID, nil)
			if !errors.As(err, &ce) || !strings.Contains(ce.Message, "2 devices, 1 warranties") {
				t.Fatalf("want in-use conflict, got %v", err)
			}
		})
		t.Run("an unused line is deleted", func(t *testing.T) {
			other, err := st.FindBudgetLine(ctx, "IT-HW", 2027)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.DeleteBudgetLine(ctx, other.ID, &other.Version); err != nil {
				t.Fatal(err)
			}
			if _, err := st.GetBudgetLine(ctx, other.ID); !errors.Is(err, models.ErrNotFound) {
				t.Fatalf("get deleted: %v", err)
			}
		})
	})
}

func TestListBudgetLines(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		for i, l := range []models.BudgetLine{
			{Code: "IT-HW", Name: "Hardware", FiscalYear: 2026, Category: "capex"},
			{Code: "IT-SW", Name: "Software 100%", FiscalYear: 2026, Category: "opex", Owner: "Jo"},
			{Code: "IT-HW", Name: "Hardware", FiscalYear: 2025, Category: "capex"},
			{Code: "FAC_1", Name: "Facilities", FiscalYear: 2027, Category: "opex"},
		} {
			if err := st.CreateBudgetLine(ctx, &l); err != nil {
				t.Fatalf("line %d: %v", i, err)
			}
		}
		filters := []filterCase[models.BudgetLineFilter]{
			{"all", models.BudgetLineFilter{}, 4},
			{"fiscal year", models.BudgetLineFilter{FiscalYear: 2026}, 2},
			{"category", models.BudgetLineFilter{Category: "opex"}, 2},
			{"q in name", models.BudgetLineFilter{Q: "software"}, 1},
			{"q in owner", models.BudgetLineFilter{Q: "jo"}, 1},
			{"q percent is literal", models.BudgetLineFilter{Q: "%"}, 1},
			{"q underscore is literal", models.BudgetLineFilter{Q: "_"}, 1},
			{"q injection is text", models.BudgetLineFilter{Q: "' OR 1=1 --"}, 0},
		}
		runFilterCases(t, filters, func(f models.BudgetLineFilter) (int, int64, error) {
			res, err := st.ListBudgetLines(ctx, f)
			return len(res.Items), res.Total, err
		})
		for _, sort := range []string{"code", "-code", "name", "fiscal_year", "-fiscal_year"} {
			t.Run("keyset pages by "+sort, func(t *testing.T) {
				all := allPages(t, models.Page{Limit: 1, Sort: sort}, func(p models.Page) (models.ListResult[models.BudgetLine], error) {
					return st.ListBudgetLines(ctx, models.BudgetLineFilter{Page: p})
				}, func(b *models.BudgetLine) int64 { return b.ID })
				if len(all) != 4 {
					t.Fatalf("saw %d lines, want 4", len(all))
				}
				years := make([]int, len(all))
				for i, b := range all {
					years[i] = b.FiscalYear
				}
				if sort == "fiscal_year" && (years[0] != 2025 || years[3] != 2027) {
					t.Fatalf("order %v", years)
				}
			})
		}
	})
}
