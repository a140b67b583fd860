package importers_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"itreg/importers"
	"itreg/models"
)

// TestPreviewEveryFixture previews every spreadsheet of the fixtures folder: a preview either
// describes each sheet (every mapped column with a reason and a parse summary) or gives the
// same file error an import gives; it never fails otherwise.
func TestPreviewEveryFixture(t *testing.T) {
	dir := fixturesDir(t)
	var paths []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			switch strings.ToLower(filepath.Ext(p)) {
			case ".xlsx", ".xlsm", ".csv", ".tsv":
				paths = append(paths, p)
			}
		}
		return nil
	})
	if len(paths) == 0 {
		t.Skip("no spreadsheets in the fixtures folder")
	}
	for _, p := range paths {
		rel, _ := filepath.Rel(dir, p)
		t.Run(rel, func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			res, err := importers.Preview(t.Context(), filepath.Base(p), strings.NewReader(string(data)), int64(len(data)),
				importers.Options{Currency: "USD"})
			if err != nil {
				if !errorsIsFileError(err) {
					t.Fatalf("not a file error: %v", err)
				}
				return
			}
			for _, sh := range res.Sheets {
				for _, c := range sh.Columns {
					if c.Field != "" && (c.Reason == "" || c.Parsed == "" || c.Confidence == "") {
						t.Errorf("sheet %s column %s %q: %+v", sh.Name, c.Letter, c.Header, c)
					}
				}
			}
		})
	}
}

func errorsIsFileError(err error) bool {
	return errors.Is(err, models.ErrUnreadable) || errors.Is(err, models.ErrTooLarge)
}
