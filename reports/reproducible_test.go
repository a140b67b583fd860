package reports

import (
	"bytes"
	"testing"

	"itreg/models"
)

// TestReportsAreReproducible: the same data and parameters give the same report, byte for
// byte (the generation time is the store's fixed clock here), for every report and format,
// on both databases; and the two databases give the same bytes.
func TestReportsAreReproducible(t *testing.T) {
	outputs := map[string][]byte{} // report/format -> the first dialect's bytes
	forEachReportFormat(t, func(t *testing.T, st *models.Store, r Report, format string) {
		if format == "xlsx" {
			t.Skip("a zip with its own timestamps; its cells are checked by TestReportsGolden")
		}
		q := fixedQuery(r)
		first := render(t, opsBuild(t, st, r.Name, q, 4), format)
		again := render(t, opsBuild(t, st, r.Name, q, 4), format)
		if format == "csv" && bytes.Count(first, []byte("\n")) < 3 {
			t.Fatalf("the register gives this report no rows to compare:\n%s", first)
		}
		if !bytes.Equal(first, again) {
			t.Fatalf("two runs differ:\n%s\n---\n%s", first, again)
		}
		name := r.Name + "." + format
		if prev, ok := outputs[name]; ok && !bytes.Equal(prev, first) {
			t.Fatalf("%s differs from the first dialect:\n%s\n---\n%s", st.Dialect(), prev, first)
		}
		outputs[name] = first
	})
	if len(outputs) == 0 {
		t.Fatal("no report rendered")
	}
}
