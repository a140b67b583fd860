package api

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"time"
)

// devicesCSV is a small valid devices file; bad adds a row that fails (an unknown category).
func devicesCSV(bad bool) []byte {
	b := []byte("Asset Tag,Category,Status\nUP-1,laptop,deployed\nUP-2,desktop,deployed\n")
	if bad {
		b = append(b, "UP-3,toaster,deployed\n"...)
	}
	return b
}

// TestUploadsSpooledAndDropped checks that uploads are spooled to a temporary file that is
// removed afterwards, and that a job's file is dropped when the job ends unless rows failed
// (then the error workbook keeps it).
func TestUploadsSpooledAndDropped(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		tmp := t.TempDir()
		t.Setenv("TMPDIR", tmp)
		a.startWorker()
		cases := []struct {
			name     string
			job, bad bool
			keepFile bool
		}{
			{"request", false, false, false},
			{"request with row errors", false, true, true},
			{"job", true, false, false},
			{"job with row errors", true, true, true},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				a.server.ImportJobBytes = 0
				if tc.job {
					a.server.ImportJobBytes = 16
				}
				w := a.upload("editor", "devices.csv", devicesCSV(tc.bad), map[string]string{"skip_invalid": "true"})
				if w.Code >= 300 {
					t.Fatalf("upload: %d %s", w.Code, w.Body.String())
				}
				got := a.waitImport(w.Header().Get("Location"))
				if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
					t.Errorf("spooled uploads left behind: %v", entries)
				}
				// The worker drops a job's file just after it records the final status.
				var file []byte
				for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(10 * time.Millisecond) {
					var err error
					if file, err = a.store.ImportRunFile(context.Background(), got.ID); err != nil {
						t.Fatal(err)
					}
					if len(file) == 0 || tc.keepFile || !tc.job || time.Now().After(deadline) {
						break
					}
				}
				if kept := len(file) > 0; kept != tc.keepFile {
					t.Errorf("file kept = %v, want %v (status %s)", kept, tc.keepFile, got.Status)
				}
			})
		}
	})
}

// TestUploadCapacity checks the two capacity answers: 503 with Retry-After while the server
// reads as many uploads as it may, and 503 when the import queue holds too many bytes.
func TestUploadCapacity(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		t.Run("concurrent uploads", func(t *testing.T) {
			a.server.ConcurrentUploads = 1
			a.h = a.server.Router()
			pr, pw := io.Pipe()
			mw := multipart.NewWriter(pw)
			hr := httptest.NewRequest("POST", "/api/v1/imports", pr)
			hr.Header.Set("Content-Type", mw.FormDataContentType())
			hr.Header.Set("Authorization", "Bearer "+a.tokens["editor"])
			done := make(chan int)
			go func() {
				w := httptest.NewRecorder()
				a.h.ServeHTTP(w, hr)
				done <- w.Code
			}()
			fw, err := mw.CreateFormFile("file", "slow.csv")
			if err != nil {
				t.Fatal(err)
			}
			// The write returns once the handler reads the body, so inside the gate.
			if _, err := fw.Write(devicesCSV(false)); err != nil {
				t.Fatal(err)
			}
			w := a.upload("editor", "devices.csv", devicesCSV(false), nil)
			wantError(t, w, http.StatusServiceUnavailable, "uploads_busy", "")
			if s, err := strconv.Atoi(w.Header().Get("Retry-After")); err != nil || s <= 0 {
				t.Errorf("Retry-After = %q", w.Header().Get("Retry-After"))
			}
			mw.Close()
			pw.Close()
			if code := <-done; code >= 300 {
				t.Fatalf("the slow upload answered %d", code)
			}
			if w := a.upload("editor", "devices.csv", devicesCSV(false), nil); w.Code >= 300 {
				t.Fatalf("after the slow upload: %d %s", w.Code, w.Body.String())
			}
		})
		t.Run("queued bytes", func(t *testing.T) {
			a.server.ImportJobBytes, a.server.MaxQueuedBytes = 16, 32
			w := a.upload("editor", "devices.csv", bytes.Repeat(devicesCSV(false), 2), nil)
			wantError(t, w, http.StatusServiceUnavailable, "import_queue_full", "")
			if w.Header().Get("Retry-After") == "" {
				t.Error("no Retry-After")
			}
		})
	})
}
