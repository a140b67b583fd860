package web_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"itreg/api/web"
	"itreg/api/web/webtest"
	"itreg/importers"
	"itreg/models"
)

// runQueued does what a worker does with the oldest queued run, within the test: claim it and
// import it with its stored options.
func runQueued(t *testing.T, st *models.Store) {
	t.Helper()
	ctx := context.Background()
	run, err := st.ClaimQueuedImport(ctx)
	if err != nil || run == nil {
		t.Fatalf("claim: %v %v", run, err)
	}
	opt, err := importers.OptionsOf(run)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := importers.RunQueued(ctx, st, run, bytes.NewReader(run.File), int64(len(run.File)), opt); err != nil {
		t.Fatal(err)
	}
}

// TestImportJob: a file past the job size is checked, then committed, as background jobs.
func TestImportJob(t *testing.T) {
	srv := webtest.MustServer(t, "sqlite", func(c *web.Config) { c.ImportJobBytes = 16 })
	srv.MustUser(t, "ed@example.com", "Ed", "editor")
	c := srv.Client(t)
	c.SignIn("ed@example.com", webtest.Password)

	page := mustUpload(t, c, "devices.csv", fixedCSV, nil)
	if !page.Has("#progress[hx-trigger]") || !strings.Contains(page.Text("#progress"), "queued") {
		t.Fatalf("a queued dry run shows %q", page.Text("main"))
	}
	self := page.Doc.Find("#refresh").AttrOr("href", "")
	runQueued(t, srv.Store)
	page = c.Get(self)
	commit := page.Doc.Find("#commit form").AttrOr("action", "")
	if commit == "" {
		t.Fatalf("no commit after the clean dry run job: %q", page.Text("main"))
	}
	r := c.Post(commit, nil)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("commit: %d", r.Status)
	}
	if job := c.Get(r.Location); !job.Has("#progress") {
		t.Errorf("the commit job shows no progress: %q", job.Text("main"))
	}
	runQueued(t, srv.Store)
	if d, err := srv.Store.FindDeviceByAssetTag(context.Background(), "A-2"); err != nil || d == nil {
		t.Errorf("device not imported: %v", err)
	}
	if done := c.Get(r.Location); done.Has("#progress") || !strings.Contains(done.Text("#counts"), "Created") {
		t.Errorf("the finished job shows %q", done.Text("main"))
	}
}
