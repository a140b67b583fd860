package models_test

import (
	"context"
	"errors"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

func TestTakeImportRunFile(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		r := &models.ImportRun{FileName: "a.csv", Status: models.ImportSucceeded, DryRun: true, File: []byte("tag\nA-1\n")}
		if err := st.CreateImportRun(ctx, r); err != nil {
			t.Fatal(err)
		}
		bare := &models.ImportRun{FileName: "b.csv", Status: models.ImportSucceeded}
		if err := st.CreateImportRun(ctx, bare); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name     string
			id       int64
			hasFile  bool
			wantFile string
			wantErr  error
		}{
			{"the first take gets the file", r.ID, true, "tag\nA-1\n", nil},
			{"a second take is a conflict", r.ID, false, "", models.ErrConflict},
			{"a run without a file is a conflict", bare.ID, false, "", models.ErrConflict},
			{"no such run", r.ID + 1000, false, "", models.ErrNotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				has, err := st.ImportRunHasFile(ctx, tt.id)
				if err != nil || has != tt.hasFile {
					t.Fatalf("has file %v %v, want %v", has, err, tt.hasFile)
				}
				file, err := st.TakeImportRunFile(ctx, tt.id)
				if tt.wantErr != nil {
					if !errors.Is(err, tt.wantErr) {
						t.Fatalf("err %v, want %v", err, tt.wantErr)
					}
					return
				}
				if err != nil || string(file) != tt.wantFile {
					t.Fatalf("file %q %v", file, err)
				}
			})
		}
	})
}

func TestSetUserRole(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		u, _, err := st.CreateUser(ctx, models.UserInput{Email: "bo@example.com", Name: "Bo", Role: models.RoleViewer})
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name, role string
			wantErr    bool
		}{
			{"to editor", models.RoleEditor, false},
			{"to admin", models.RoleAdmin, false},
			{"a feed is not a person's role", "feed", true},
			{"empty", "", true},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := st.SetUserRole(ctx, u.ID, tt.role)
				if tt.wantErr {
					var fe *models.FieldError
					if !errors.As(err, &fe) || fe.Fields["role"] == "" {
						t.Fatalf("err %v, want a role field error", err)
					}
					return
				}
				if err != nil || got.Role != tt.role {
					t.Fatalf("role %v %v", got, err)
				}
			})
		}
		if _, err := st.SetUserRole(ctx, u.ID+1000, models.RoleEditor); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("unknown user: %v", err)
		}
	})
}
