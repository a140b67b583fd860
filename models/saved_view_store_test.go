package models_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

func mustUser(t *testing.T, st *models.Store, email string) *models.User {
	t.Helper()
	u, _, err := st.CreateUser(context.Background(), models.UserInput{Email: email, Name: email, Role: "editor"})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func viewNames(vs []models.SavedView) string {
	var out []string
	for _, v := range vs {
		out = append(out, fmt.Sprintf("%s/%s", v.Page, v.Name))
	}
	return strings.Join(out, " ")
}

func TestSavedViews(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		ana, ben := mustUser(t, st, "ana@example.com"), mustUser(t, st, "ben@example.com")
		for _, tc := range []struct {
			name string
			v    models.SavedView
			err  error
		}{
			{"private", models.SavedView{UserID: ana.ID, Page: "devices", Name: "My laptops", Query: "category=laptop",
				Columns: models.StringList{"asset_tag", "hostname"}}, nil},
			{"shared", models.SavedView{UserID: ana.ID, Page: "devices", Name: "Past EOL", Query: "in_service=true&eol_before=2026-11-22", Shared: true}, nil},
			{"other page", models.SavedView{UserID: ana.ID, Page: "licences", Name: "Over", Query: "over_assigned=true"}, nil},
			{"ben's private", models.SavedView{UserID: ben.ID, Page: "devices", Name: "Ben's", Query: "status=in_stock"}, nil},
			{"same name, other person", models.SavedView{UserID: ben.ID, Page: "devices", Name: "My laptops"}, nil},
			{"duplicate name", models.SavedView{UserID: ana.ID, Page: "devices", Name: "My laptops"}, models.ErrConflict},
			{"no name", models.SavedView{UserID: ana.ID, Page: "devices"}, models.ErrInvalid},
			{"unknown page", models.SavedView{UserID: ana.ID, Page: "secrets", Name: "x"}, models.ErrInvalid},
			{"bad column", models.SavedView{UserID: ana.ID, Page: "devices", Name: "y", Columns: models.StringList{"asset_tag; DROP"}}, models.ErrInvalid},
			{"repeated column", models.SavedView{UserID: ana.ID, Page: "devices", Name: "z", Columns: models.StringList{"model", "model"}}, models.ErrInvalid},
			{"bad query", models.SavedView{UserID: ana.ID, Page: "devices", Name: "q", Query: "a=%zz"}, models.ErrInvalid},
			{"no such user", models.SavedView{UserID: 987654, Page: "devices", Name: "ghost"}, models.ErrInvalid},
		} {
			t.Run(tc.name, func(t *testing.T) {
				err := st.CreateSavedView(ctx, &tc.v)
				if !errors.Is(err, tc.err) || (tc.err == nil && err != nil) {
					t.Fatalf("err %v, want %v", err, tc.err)
				}
			})
		}
		if _, err := st.SetDefaultView(ctx, ana.ID, "devices", "sort=-purchase_date", []string{"asset_tag", "model"}); err != nil {
			t.Fatal(err)
		}
		d, err := st.SetDefaultView(ctx, ana.ID, "devices", "", []string{"asset_tag", "status"})
		if err != nil || strings.Join(d.Columns, ",") != "asset_tag,status" {
			t.Fatalf("default view %+v, %v", d, err)
		}
		for _, tc := range []struct {
			name string
			user int64
			page string
			want string
		}{
			{"ana on devices", ana.ID, "devices", "devices/ devices/My laptops devices/Past EOL"},
			{"ana everywhere", ana.ID, "", "devices/ devices/My laptops devices/Past EOL licences/Over"},
			{"ben sees the shared one", ben.ID, "devices", "devices/Ben's devices/My laptops devices/Past EOL"},
			{"ben on licences", ben.ID, "licences", ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				vs, err := st.SavedViews(ctx, tc.user, tc.page)
				if err != nil {
					t.Fatal(err)
				}
				if got := viewNames(vs); got != tc.want {
					t.Errorf("views %q, want %q", got, tc.want)
				}
			})
		}
		t.Run("delete", func(t *testing.T) {
			vs, _ := st.SavedViews(ctx, ana.ID, "devices")
			shared := vs[2]
			if err := st.DeleteSavedView(ctx, ben.ID, shared.ID); !errors.Is(err, models.ErrNotFound) {
				t.Fatalf("ben deleting ana's view: %v", err)
			}
			if err := st.DeleteSavedView(ctx, ana.ID, shared.ID); err != nil {
				t.Fatal(err)
			}
			if vs, _ := st.SavedViews(ctx, ben.ID, "devices"); viewNames(vs) != "devices/Ben's devices/My laptops" {
				t.Errorf("after delete ben sees %s", viewNames(vs))
			}
		})
	})
}
