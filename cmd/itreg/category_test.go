package main

import (
	"strings"
	"testing"

	"itreg/models/modeltest"
)

func TestCategoryCommand(t *testing.T) {
	for _, dialect := range modeltest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			db := modeltest.MustDatabaseURL(t, dialect)
			out, _ := mustRun(t, exitOK, "category", "create", "--database", db, "--name", "Docking station", "--class", "peripheral")
			if !strings.Contains(out, `"Docking station" created (class peripheral, lifetime 48 months)`) {
				t.Errorf("create printed %q", out)
			}
			mustRun(t, exitOK, "category", "create", "--database", db, "--name", "UPS", "--lifetime", "96")
			bad := []struct {
				name string
				args []string
				code int
				says string
			}{
				{"no name", []string{"create", "--database", db}, exitUsage, "--name"},
				{"class off the list", []string{"create", "--database", db, "--name", "KVM", "--class", "kvm"}, exitUsage, "class"},
				{"lifetime out of range", []string{"create", "--database", db, "--name", "KVM", "--lifetime", "900"}, exitUsage, "lifetime_months"},
				{"taken, in another case", []string{"create", "--database", db, "--name", "ups"}, exitFailure, "name"},
				{"unknown subcommand", []string{"delete", "--database", db}, exitUsage, "unknown subcommand"},
			}
			for _, b := range bad {
				_, errOut := mustRun(t, b.code, append([]string{"category"}, b.args...)...)
				if !strings.Contains(errOut, b.says) {
					t.Errorf("%s: stderr %q", b.name, errOut)
				}
			}
			out, _ = mustRun(t, exitOK, "category", "list", "--database", db)
			for _, want := range []string{"laptop", "Docking station  peripheral  48", "UPS              other       96"} {
				if !strings.Contains(out, want) {
					t.Errorf("list lacks %q:\n%s", want, out)
				}
			}
		})
	}
}
