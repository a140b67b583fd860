package importers_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"itreg/importers"
	"itreg/importers/fields"
	"itreg/models"
	"itreg/models/modeltest"
)

// fixturesDir returns ITREG_FIXTURES, else ../shared/fixtures next to the repository, and
// skips the test when the folder is absent.
func fixturesDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("ITREG_FIXTURES")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "fixtures")
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Skipf("fixtures folder %s not found: set ITREG_FIXTURES to the folder of real inventory files", dir)
	}
	return dir
}

// importPath imports a file from disk.
func importPath(t *testing.T, st *models.Store, path string, opt importers.Options) (*importers.Result, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	return importers.Import(context.Background(), st, filepath.Base(path), f, fi.Size(), opt)
}

// migrated returns a fresh, migrated store of the dialect.
func migrated(t *testing.T, dialect string) *models.Store {
	t.Helper()
	st := modeltest.MustStore(t, dialect)
	if _, err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return st
}

// TestFixturesImport imports every real-world file: a dry run, then a commit with skip
// invalid. Neither may return an error (rows are rejected with reasons instead), every
// rejected row names why, and the counts add up.
func TestFixturesImport(t *testing.T) {
	dir := fixturesDir(t)
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return nil
	})
	if len(files) == 0 {
		t.Skipf("no fixtures in %s", dir)
	}
	for _, dialect := range modeltest.Dialects(t) {
		for _, path := range files {
			t.Run(dialect+"/"+filepath.Base(path), func(t *testing.T) {
				st := migrated(t, dialect)
				opt := importers.Options{Currency: "USD", DateOrder: fields.MDY, DryRun: true}
				dry, err := importPath(t, st, path, opt)
				if err != nil {
					t.Fatalf("dry run: %v", err)
				}
				if n := modeltest.Count(t, st, "audit_events"); n != 0 {
					t.Fatalf("dry run wrote %d audit events", n)
				}
				opt.DryRun, opt.SkipInvalid = false, true
				res, err := importPath(t, st, path, opt)
				if err != nil {
					t.Fatalf("commit: %v", err)
				}
				c := res.Counts
				if c.Rows != c.Created+c.Updated+c.Unchanged+c.Failed {
					t.Errorf("counts do not add up: %+v", c)
				}
				if dry.Counts != c {
					t.Errorf("dry run %+v, commit %+v", dry.Counts, c)
				}
				for _, e := range res.Errors {
					if e.Message == "" {
						t.Errorf("an error without a message: %+v", e)
					}
				}
				if c.Failed > 0 && len(res.Errors) == 0 {
					t.Errorf("%d rows failed with no reason given", c.Failed)
				}
				t.Logf("%s: %+v, %d errors", res.Status, c, len(res.Errors))
			})
		}
	}
}

// TestFixtureFacts checks what specific files must yield.
func TestFixtureFacts(t *testing.T) {
	dir := fixturesDir(t)
	file := func(t *testing.T, rel string) string {
		p := filepath.Join(dir, rel)
		if _, err := os.Stat(p); err != nil {
			t.Skipf("%s not in the fixtures", rel)
		}
		return p
	}
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		if _, err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		t.Run("ServiceNow alm_hardware.xlsx", func(t *testing.T) {
			// The default currency is GBP, but the Cost cells are formatted $#,##0.00: dollars.
			res, err := importPath(t, st, file(t, "servicenow-alm-hardware-export/alm_hardware.xlsx"), importers.Options{Currency: "GBP"})
			if err != nil {
				t.Fatal(err)
			}
			sh := res.Sheets[0]
			if res.Status != "succeeded" || sh.Name != "Page 1" || sh.Kind != "device" || sh.HeaderRow != 1 || sh.Counts.Created != 95 {
				t.Fatalf("%s %+v %v", res.Status, sh, res.Errors)
			}
			d, err := st.FindDeviceByAssetTag(ctx, "VFNA016451")
			if err != nil {
				t.Fatal(err)
			}
			if d.PurchaseCost != (models.Money{Amount: 0, Currency: "USD"}) || d.Category == "" {
				t.Errorf("VFNA016451: cost %v, category %q", d.PurchaseCost, d.Category)
			}
		})
		t.Run("ServiceNow alm_hardware CSV snapshot", func(t *testing.T) {
			res, err := importPath(t, st, file(t, "servicenow-alm-hardware-export/alm_hardware (2).csv"), importers.Options{Currency: "USD"})
			if err != nil {
				t.Fatal(err)
			}
			// 103 rows: the 89 tags both snapshots share are matched, 14 are new.
			if c := res.Counts; res.Status != "succeeded" || c.Rows != 103 || c.Created != 14 || c.Created+c.Updated+c.Unchanged != 103 {
				t.Fatalf("%s %+v %v", res.Status, c, res.Errors)
			}
		})
		t.Run("Snipe-IT assets-sample-BAD.csv (CR only, invalid UTF-8)", func(t *testing.T) {
			res, err := importPath(t, st, file(t, "snipeit-assets-sample-BAD/assets-sample-BAD.csv"),
				importers.Options{Currency: "USD", DateOrder: fields.MDY, SkipInvalid: true})
			if err != nil {
				t.Fatal(err)
			}
			c := res.Counts
			if c.Rows != 200 || c.Created+c.Failed != 200 {
				t.Fatalf("%+v", c)
			}
			for _, e := range res.Errors {
				if e.Row < 2 || e.Row > 201 || e.Column == "" {
					t.Errorf("error without row or column: %+v", e)
				}
			}
			// The mock categories are lorem ipsum: one finding about the column (issue 10), not
			// an error in every row.
			if f := strings.Join(res.Sheets[0].Findings, "; "); !strings.Contains(f, "`Category` holds") ||
				!strings.Contains(f, "not a category") {
				t.Errorf("findings %q", f)
			}
			for _, e := range res.Errors {
				if strings.Contains(e.Message, "is not a category") {
					t.Errorf("a row failed for the unfit column: %+v", e)
				}
			}
			// Its header repeats "Category" and "Company": the second of each is reported, not read.
			ignored := strings.Join(res.Sheets[0].Ignored, "; ")
			if !strings.Contains(ignored, `"Category" repeats the header of column F`) {
				t.Errorf("ignored columns %q", ignored)
			}
		})
		t.Run("DoD workbook without a header", func(t *testing.T) {
			path := file(t, "itdashboard-dod-it-investments/Department_of_Defense.xlsx")
			res, err := importPath(t, st, path, importers.Options{Currency: "USD"})
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != "invalid" || len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Message, "no header row") {
				t.Fatalf("%s %v", res.Status, res.Errors)
			}
			res, err = importPath(t, st, path, importers.Options{Currency: "USD", Kind: fields.KindBudgetLine, FiscalYear: 2021,
				Mapping: map[string]string{"A": "code", "B": "cost_centre", "C": "name", "D": "allocated ($M)"}})
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != "succeeded" || res.Counts.Created != 2909 || res.Sheets[0].HeaderRow != 0 {
				t.Fatalf("%s %+v %v", res.Status, res.Counts, res.Errors[:min(3, len(res.Errors))])
			}
			lines, err := st.ListBudgetLines(ctx, models.BudgetLineFilter{FiscalYear: 2021, Page: models.Page{Limit: 1}})
			if err != nil || len(lines.Items) == 0 {
				t.Fatalf("no FY2021 line: %v", err)
			}
			b := lines.Items[0]
			// "$66.843" in a column the mapping marks as millions is 66,843,000.00 USD.
			if b.Allocated != (models.Money{Amount: 6_684_300_000, Currency: "USD"}) || b.Category != "opex" || b.Code == "" {
				t.Errorf("first line %+v", b)
			}
		})
		t.Run("USDA workbook with a header", func(t *testing.T) {
			res, err := importPath(t, st, file(t, "itdashboard-usda-it-investments/Individual_Investments.xlsx"), importers.Options{Currency: "USD", FiscalYear: 2021})
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != "succeeded" || res.Sheets[0].Kind != fields.KindBudgetLine || res.Counts.Rows != 209 {
				t.Fatalf("%s %+v %v", res.Status, res.Counts, res.Errors)
			}
		})
		t.Run("Snipe-IT licences", func(t *testing.T) {
			res, err := importPath(t, st, file(t, "snipeit-licenses-sample/licenses-sample.csv"),
				importers.Options{Currency: "USD", DateOrder: fields.MDY, SkipInvalid: true})
			if err != nil {
				t.Fatal(err)
			}
			if res.Sheets[0].Kind != fields.KindLicence || res.Counts.Rows != 50 || res.Counts.Created < 40 {
				t.Fatalf("%s %+v %v", res.Status, res.Counts, res.Errors)
			}
		})
	})
}
