package models_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

func TestSearch(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := models.WithActor(context.Background(), "test")
		v := &models.Vendor{Name: "Émile Systems"}
		if err := st.CreateVendor(ctx, v); err != nil {
			t.Fatal(err)
		}
		for _, d := range []models.Device{
			{AssetTag: models.StrPtr("LT-0042"), SerialNumber: models.StrPtr("5CG123"), Hostname: "fin-lt-42", AssignedTo: "Ada Lovelace"},
			{AssetTag: models.StrPtr("LT-00421"), Hostname: "eng-lt-421", AssignedTo: "Grace Hopper"},
			{SerialNumber: models.StrPtr("100%_SN"), Hostname: "odd"},
			{AssetTag: models.StrPtr("lt-004"), Hostname: "spare"}, // an exact match with a higher id ranks first
		} {
			d.Category, d.Status, d.Version = "laptop", "deployed", 1
			mustInsert(t, st, &d)
		}
		mustLicence(t, ctx, st, models.Licence{Product: "Adobe Acrobat", Reference: models.StrPtr("AGR-LT-0042")})
		if err := st.CreateWarranty(ctx, &models.Warranty{Kind: "support", Reference: models.StrPtr("CARE-77"), EndDate: models.MustDate("2027-01-01")}); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			q     string
			limit int
			want  string
		}{
			{"lt-0042", 0, "[device LT-0042 | device LT-00421 | licence Adobe Acrobat]"},
			{"LT-00421", 0, "[device LT-00421]"},
			{"lt-0042", 1, "[device LT-0042 | licence Adobe Acrobat]"},
			{"5cg", 0, "[device LT-0042]"},
			{"LT-004", 0, "[device lt-004 | device LT-0042 | device LT-00421 | licence Adobe Acrobat]"},
			{"hopper", 0, "[device LT-00421]"},
			{"FIN-LT", 0, "[device LT-0042]"},
			{"acrobat", 0, "[licence Adobe Acrobat]"},
			{"care-7", 0, "[warranty CARE-77]"},
			{"ÉMILE", 0, "[vendor Émile Systems]"},
			{"100%", 0, "[device 100%_SN]"},
			{"%", 0, "[device 100%_SN]"},
			{"_", 0, "[device 100%_SN]"},
			{"nothing like it", 0, "[]"},
		} {
			t.Run(tc.q, func(t *testing.T) {
				hits, err := st.Search(ctx, tc.q, tc.limit)
				if err != nil {
					t.Fatal(err)
				}
				got := "["
				for i, h := range hits {
					if i > 0 {
						got += " | "
					}
					got += h.Kind + " " + h.Title
				}
				if got += "]"; got != tc.want {
					t.Errorf("Search(%q) = %s, want %s", tc.q, got, tc.want)
				}
			})
		}
		t.Run("detail", func(t *testing.T) {
			hits, err := st.Search(ctx, "LT-0042", 1)
			if err != nil || len(hits) == 0 || hits[0].Detail != "5CG123 · fin-lt-42 · Ada Lovelace" {
				t.Fatalf("hits %+v, %v", hits, err)
			}
		})
		for _, tc := range []struct {
			q     string
			limit int
		}{{"", 0}, {"  ", 0}, {"x", -1}, {"x", models.MaxSearchLimit + 1}, {fmt.Sprintf("%0201d", 0), 0}} {
			t.Run(fmt.Sprintf("bad %q %d", tc.q, tc.limit), func(t *testing.T) {
				if _, err := st.Search(ctx, tc.q, tc.limit); !errors.Is(err, models.ErrBadParam) {
					t.Fatalf("err %v, want ErrBadParam", err)
				}
			})
		}
	})
}
