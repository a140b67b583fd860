package reports

import (
	"bytes"
	"testing"

	"itreg/models/modeltest"
)

// TestReportsAreReproducible: the same data and parameters give the same report, byte for
// byte (the generation time is the store's fixed clock here), for every report and format,
// on both databases; and the two databases give the same bytes.
func TestReportsAreReproducible(t *testing.T) {
	outputs := map[string][]byte{} // report/format -> the first dialect's bytes
	for _, d := range modeltest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			st := modeltest.MustStore(t, d)
			newOpsRegister(t, st)
			budgetRegister(t, st)
			for _, r := range All() {
				for _, format := range r.Formats() {
					if format == "xlsx" {
						continue // a zip with its own timestamps; its cells are checked elsewhere
					}
					name := r.Name + "." + format
					t.Run(name, func(t *testing.T) {
						q := fixedQuery(r)
						first := render(t, opsBuild(t, st, r.Name, q, 4), format)
						again := render(t, opsBuild(t, st, r.Name, q, 4), format)
						if format == "csv" && bytes.Count(first, []byte("\n")) < 3 {
							t.Fatalf("the register gives this report no rows to compare:\n%s", first)
						}
						if !bytes.Equal(first, again) {
							t.Fatalf("two runs differ:\n%s\n---\n%s", first, again)
						}
						if prev, ok := outputs[name]; ok && !bytes.Equal(prev, first) {
							t.Fatalf("%s differs from the first dialect:\n%s\n---\n%s", d, prev, first)
						}
						outputs[name] = first
					})
				}
			}
		})
	}
	if len(outputs) == 0 {
		t.Fatal("no report rendered")
	}
}
