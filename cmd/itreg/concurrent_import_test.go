package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

// TestConcurrentImportsOfOneFile runs two imports of the same file at once, as two people (or
// two cron jobs) would: both succeed, and the register holds each device once.
func TestConcurrentImportsOfOneFile(t *testing.T) {
	modeltest.ForEachDatabase(t, func(t *testing.T, db string) {
		mustRun(t, exitOK, "migrate", "--database", db)
		var csv strings.Builder
		csv.WriteString("Asset Tag,Serial,Category,Status\n")
		for i := range 3000 {
			fmt.Fprintf(&csv, "T-%05d,S-%05d,laptop,deployed\n", i, i)
		}
		path := filepath.Join(t.TempDir(), "devices.csv")
		if err := os.WriteFile(path, []byte(csv.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		codes, outs := make([]int, 2), make([]string, 2)
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var out, errb bytes.Buffer
				codes[i] = run(context.Background(), []string{"import", path, "--database", db}, &out, &errb)
				outs[i] = out.String() + errb.String()
			}()
		}
		wg.Wait()
		for i := range 2 {
			if codes[i] != exitOK {
				t.Fatalf("import %d: exit %d\n%s", i, codes[i], outs[i])
			}
		}
		st, err := models.Open(context.Background(), db, models.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if n := modeltest.Count(t, st, "devices"); n != 3000 {
			t.Fatalf("%d devices, want 3000", n)
		}
	})
}
