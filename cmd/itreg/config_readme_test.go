package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"itreg/models"
)

// readmeConfigTable reads the rows of the README's configuration table: variable -> default
// cell, in the README's order.
func readmeConfigTable(tb testing.TB) (names []string, defaults map[string]string) {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		tb.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n## Configuration\n")
	if !ok {
		tb.Fatal("README.md has no ## Configuration section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	defaults = map[string]string{}
	for _, line := range strings.Split(section, "\n") {
		cells := strings.Split(line, " | ")
		if !strings.HasPrefix(line, "| `") || len(cells) < 3 {
			continue
		}
		name := strings.Trim(strings.TrimPrefix(cells[0], "| "), "`")
		names = append(names, name)
		defaults[name] = cells[1]
	}
	if len(names) == 0 {
		tb.Fatal("the README's configuration table has no rows")
	}
	return names, defaults
}

// readmeDefault is how the README's table must show a variable's default.
func readmeDefault(v configVar) string {
	switch {
	case v.prefix == lifetimePrefix:
		parts := make([]string, len(models.DeviceCategories))
		for i, cat := range models.DeviceCategories {
			parts[i] = fmt.Sprintf("%s %d", cat, models.DefaultLifetimeMonths[cat])
		}
		return "per category (" + strings.Join(parts, ", ") + ")"
	case v.Default == "":
		return "unset"
	}
	return "`" + v.Default + "`"
}

func TestREADMEConfigTable(t *testing.T) {
	names, defaults := readmeConfigTable(t)
	want := make([]string, len(configVars))
	for i, v := range configVars {
		want[i] = v.Name
	}
	t.Run("the same variables in the same order", func(t *testing.T) {
		if !slices.Equal(names, want) {
			t.Errorf("README lists %q, the configuration table %q", names, want)
		}
	})
	for _, v := range configVars {
		t.Run(v.Name, func(t *testing.T) {
			cell, ok := defaults[v.Name]
			if !ok {
				t.Fatalf("%s is not in the README's configuration table", v.Name)
			}
			if w := readmeDefault(v); !strings.HasPrefix(cell, w) {
				t.Errorf("README's default %q, want it to read %q", cell, w)
			}
		})
	}
}

func TestConfigDefaultsParse(t *testing.T) {
	cfg, err := LoadConfig(nil)
	if err != nil {
		t.Fatalf("the defaults do not load: %v", err)
	}
	for _, v := range configVars {
		t.Run(v.Name, func(t *testing.T) {
			if v.Default == "" {
				return
			}
			var one Config
			if err := v.set(&one, v.Name, v.Default); err != nil {
				t.Errorf("default %q: %v", v.Default, err)
			}
		})
	}
	if cfg.ImportJobBytes() != 2048<<10 || cfg.MaxUploadBytes() != 50<<20 {
		t.Errorf("byte sizes %d, %d", cfg.ImportJobBytes(), cfg.MaxUploadBytes())
	}
}

func TestHelpListsEveryVariable(t *testing.T) {
	out, _ := mustRun(t, exitOK, "help")
	for _, v := range configVars {
		if !strings.Contains(out, v.Name) || !strings.Contains(out, v.helpLine()) {
			t.Errorf("help does not list %s as %q:\n%s", v.Name, v.helpLine(), out)
		}
		if v.Default != "" && !strings.Contains(v.helpLine(), "(default "+v.Default+")") {
			t.Errorf("help line of %s does not give its default: %q", v.Name, v.helpLine())
		}
	}
}
