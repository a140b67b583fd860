package api

import (
	"bytes"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"itreg/models"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files under testdata")

// TestOpenAPIGolden pins the served OpenAPI document byte for byte, so moving the wiring
// around cannot change what clients read. Run with -update after a deliberate change.
func TestOpenAPIGolden(t *testing.T) {
	a := newTestAPI(t, models.SQLite)
	w := a.do(req{Method: "GET", Path: "/api/v1/openapi.json"})
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body.String())
	}
	golden := filepath.Join("testdata", "openapi.json")
	if *updateGolden {
		if err := os.WriteFile(golden, w.Body.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read %s (run with -update to create it): %v", golden, err)
	}
	if !bytes.Equal(w.Body.Bytes(), want) {
		t.Errorf("the OpenAPI document differs from %s (%d bytes, want %d); diff it against a -update run", golden, w.Body.Len(), len(want))
	}
}
