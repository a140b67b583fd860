package importers_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"itreg/importers"
	"itreg/models"
	"itreg/models/modeltest"
)

// FuzzImportCSV feeds arbitrary text through the whole pipeline (read, find the header, map,
// parse, validate, resolve, dry-run upsert on SQLite): it must never panic, and every error
// it returns must be one a caller maps to a 4xx.
func FuzzImportCSV(f *testing.F) {
	for _, seed := range []string{
		"Asset Tag,Serial,Category,Purchase Date,Purchase Cost,Manufacturer\nA1,S1,laptop,2024-01-31,\"$1,200.50\",Dell\n",
		"Product,Publisher,Seats,Start Date,End Date,Cost,Billing Period\nOffice,Microsoft,10,01/02/2024,31/01/2025,12.5,monthly\n",
		"Code,Name,Fiscal Year,Category,Allocated\nIT-1,Hardware,2027,capex,\"1.234,50 €\"\n",
		"Provider,Reference,End Date,Devices\nDell,W-1,2027-01-01,\"A1; A2\"\n",
		"Name,Roles,Website\nDell,\"manufacturer,supplier\",dell.com\n",
		"Title\n\nAsset Tag;Serial\nA1;\"S1\nS2\"\n",
	} {
		f.Add(seed)
	}
	st := modeltest.MustStore(f, models.SQLite)
	f.Fuzz(func(t *testing.T, text string) {
		data := []byte(text)
		res, err := importers.Import(context.Background(), st, "fuzz.csv", bytes.NewReader(data), int64(len(data)),
			importers.Options{DryRun: true, Currency: "GBP"})
		if err != nil {
			if !errors.Is(err, models.ErrUnreadable) && !errors.Is(err, models.ErrTooLarge) && !errors.Is(err, models.ErrBadParam) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if res.Status != models.ImportSucceeded && res.Status != models.ImportInvalid {
			t.Fatalf("dry run ended %q: %s", res.Status, res.Message)
		}
	})
}
