package models_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"itreg/models"
	"itreg/models/modeltest"
)

func TestImportRuns(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		t.Run("create, update, get and list", func(t *testing.T) {
			r := &models.ImportRun{FileName: "a.xlsx", Actor: "token:alice", File: []byte("PK..."), Size: 5}
			if err := st.CreateImportRun(ctx, r); err != nil {
				t.Fatal(err)
			}
			if r.ID == 0 || r.Status != models.ImportRunning || !r.CreatedAt.Equal(modeltest.Clock) {
				t.Fatalf("created %+v", r)
			}
			r.Status, r.Created, r.Errors = models.ImportSucceeded, 12, `[]`
			if err := st.UpdateImportRun(ctx, r); err != nil {
				t.Fatal(err)
			}
			got, err := st.GetImportRun(ctx, r.ID)
			if err != nil || got.Status != models.ImportSucceeded || got.Created != 12 || got.File != nil {
				t.Fatalf("get %+v %v", got, err)
			}
			file, err := st.ImportRunFile(ctx, r.ID)
			if err != nil || string(file) != "PK..." {
				t.Fatalf("file %q %v", file, err)
			}
			list, err := st.ListImportRuns(ctx, models.ImportRunFilter{Status: models.ImportSucceeded})
			if err != nil || list.Total != 1 || list.Items[0].ID != r.ID {
				t.Fatalf("list %+v %v", list, err)
			}
			if err := st.SetImportProgress(ctx, r.ID, 500, 1000); err != nil {
				t.Fatal(err)
			}
			if got, _ := st.GetImportRun(ctx, r.ID); got.ProgressDone != 500 || got.HeartbeatAt == nil {
				t.Fatalf("progress %+v", got)
			}
		})
		t.Run("each queued run is claimed once", func(t *testing.T) {
			for range 3 {
				if err := st.CreateImportRun(ctx, &models.ImportRun{FileName: "q.csv", Status: models.ImportQueued}); err != nil {
					t.Fatal(err)
				}
			}
			var mu sync.Mutex
			seen := map[int64]int{}
			var wg sync.WaitGroup
			for range 5 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r, err := st.ClaimQueuedImport(ctx)
					if err != nil {
						t.Error(err)
						return
					}
					if r != nil {
						mu.Lock()
						seen[r.ID]++
						mu.Unlock()
					}
				}()
			}
			wg.Wait()
			for len(seen) < 3 {
				r, err := st.ClaimQueuedImport(ctx)
				if err != nil || r == nil {
					t.Fatalf("claim: %v %v (claimed %v)", r, err, seen)
				}
				seen[r.ID]++
			}
			for id, n := range seen {
				if n != 1 {
					t.Errorf("run %d claimed %d times", id, n)
				}
			}
			if r, err := st.ClaimQueuedImport(ctx); r != nil || err != nil {
				t.Errorf("claimed %v %v from an empty queue", r, err)
			}
		})
		t.Run("runs whose heartbeat stopped are failed", func(t *testing.T) {
			st.Now = func() time.Time { return modeltest.Clock.Add(time.Hour) }
			defer func() { st.Now = func() time.Time { return modeltest.Clock } }()
			n, err := st.MarkStaleRunningFailed(ctx, 10*time.Minute)
			if err != nil || n == 0 {
				t.Fatalf("failed %d runs, %v", n, err)
			}
			list, _ := st.ListImportRuns(ctx, models.ImportRunFilter{Status: models.ImportRunning})
			if list.Total != 0 {
				t.Errorf("%d runs still running", list.Total)
			}
		})
	})
}
