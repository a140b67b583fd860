package api

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"itreg/models"
	"itreg/models/modeltest"
)

// BenchmarkConcurrentUploads sends 16 uploads of 45 MB at once and reports the peak heap the
// server grew by (the shared request body excluded), how many were accepted and how many were
// refused for capacity, at the default upload gate and with the gate opened to all 16.
func BenchmarkConcurrentUploads(b *testing.B) {
	const uploads, size = 16, 45 << 20
	var csv bytes.Buffer
	csv.WriteString("Asset Tag,Category,Status\n")
	for i := 0; csv.Len() < size; i++ {
		fmt.Fprintf(&csv, "BENCH-%07d,laptop,deployed\n", i)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "big.csv")
	fw.Write(csv.Bytes())
	mw.Close()
	csv = bytes.Buffer{}
	for _, gate := range []int{DefaultConcurrentUploads, uploads} {
		b.Run(fmt.Sprintf("gate=%d", gate), func(b *testing.B) {
			st := modeltest.MustStore(b, models.SQLite)
			secret, _, err := st.CreateToken(context.Background(), "bench", models.RoleEditor)
			if err != nil {
				b.Fatal(err)
			}
			srv := &Server{Store: st, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Currency: "GBP", FiscalYearStart: 1,
				ConcurrentUploads: gate, MaxUpload: 50 << 20, ImportJobBytes: 2 << 20, MaxQueuedBytes: 4 << 30, HeavyPerIdentity: uploads}
			h := srv.Router()
			for b.Loop() {
				runtime.GC()
				var base runtime.MemStats
				runtime.ReadMemStats(&base)
				var peak atomic.Uint64
				stop := make(chan struct{})
				sampled := make(chan struct{})
				go func() {
					defer close(sampled)
					var m runtime.MemStats
					for {
						runtime.ReadMemStats(&m)
						if m.HeapInuse > peak.Load() {
							peak.Store(m.HeapInuse)
						}
						select {
						case <-stop:
							return
						case <-time.After(2 * time.Millisecond):
						}
					}
				}()
				var wg sync.WaitGroup
				var accepted, refused atomic.Int64
				for range uploads {
					wg.Go(func() {
						hr := httptest.NewRequest("POST", "/api/v1/imports", bytes.NewReader(body.Bytes()))
						hr.Header.Set("Content-Type", mw.FormDataContentType())
						hr.Header.Set("Authorization", "Bearer "+secret)
						w := httptest.NewRecorder()
						h.ServeHTTP(w, hr)
						switch {
						case w.Code == 202:
							accepted.Add(1)
						case w.Code == 503:
							refused.Add(1)
						default:
							b.Errorf("upload answered %d: %.200s", w.Code, w.Body.String())
						}
					})
				}
				wg.Wait()
				close(stop)
				<-sampled
				b.ReportMetric(float64(peak.Load()-base.HeapInuse)/(1<<20), "peak-heap-MB")
				b.ReportMetric(float64(accepted.Load()), "accepted")
				b.ReportMetric(float64(refused.Load()), "refused")
			}
		})
	}
}
