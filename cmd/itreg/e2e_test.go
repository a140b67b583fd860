package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"itreg/models"
	"itreg/models/modeltest"
)

// logSink collects what the program writes to stderr and reports the address serve logs
// when it starts listening.
type logSink struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	addr chan string
}

func newLogSink() *logSink { return &logSink{addr: make(chan string, 1)} }

// Write takes one slog JSON line per call (the handler writes whole records).
func (s *logSink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.buf.Write(p)
	var rec struct{ Msg, Addr string }
	if json.Unmarshal(p, &rec) == nil && rec.Msg == "listening" && rec.Addr != "" {
		select {
		case s.addr <- rec.Addr:
		default:
		}
	}
	return len(p), nil
}

func (s *logSink) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// mustRun runs the program with args and fails the test unless it exits with want; it
// returns what the program wrote to stdout and stderr.
func mustRun(t *testing.T, want int, args ...string) (stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(context.Background(), args, &out, &errb); code != want {
		t.Fatalf("itreg %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, want, out.String(), errb.String())
	}
	return out.String(), errb.String()
}

// runningServer is the real program serving on a loopback port.
type runningServer struct {
	base   string
	cancel context.CancelFunc
	done   chan struct{} // closed when run returns
	code   int           // run's exit code, once done is closed
	log    *logSink
}

// mustServe starts `itreg serve` on 127.0.0.1:0 against dbURL and waits until it listens.
func mustServe(t *testing.T, dbURL string) *runningServer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &runningServer{cancel: cancel, done: make(chan struct{}), log: newLogSink()}
	go func() {
		defer close(s.done)
		s.code = run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--database", dbURL}, io.Discard, s.log)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-s.done:
		case <-time.After(40 * time.Second):
		}
	})
	select {
	case addr := <-s.log.addr:
		s.base = "http://" + addr
	case <-s.done:
		t.Fatalf("serve exited with %d before listening:\n%s", s.code, s.log)
	case <-time.After(2 * time.Minute): // a guard against a hang, generous for a loaded CI machine
		t.Fatalf("serve did not listen within 2 minutes:\n%s", s.log)
	}
	return s
}

// stop cancels the program's context, as SIGINT does, and returns its exit code.
func (s *runningServer) stop(t *testing.T) int {
	t.Helper()
	s.cancel()
	select {
	case <-s.done:
		return s.code
	case <-time.After(40 * time.Second):
		t.Fatal("serve did not stop within 40 s of its context ending")
		return -1
	}
}

// call sends a request with an optional bearer token and JSON body and decodes a JSON answer.
func call(t *testing.T, method, url, token string, body any, out any) int {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s %s: %d, body is not JSON: %v\n%s", method, url, resp.StatusCode, err, raw)
		}
	}
	return resp.StatusCode
}

// TestServeEndToEnd runs the real program: a token made by the CLI, then health, readiness
// and a vendor created and listed over HTTP, then a graceful stop.
func TestServeEndToEnd(t *testing.T) {
	modeltest.ForEachDatabase(t, func(t *testing.T, db string) {
		token, notice := mustRun(t, exitOK, "token", "create", "--database", db, "--name", "e2e", "--role", "admin")
		token = strings.TrimSpace(token)
		if !strings.HasPrefix(token, "itr_") || !strings.Contains(notice, "shown once") {
			t.Fatalf("token create printed %q / %q", token, notice)
		}
		s := mustServe(t, db)

		var health struct{ Status, Version string }
		if code := call(t, "GET", s.base+"/healthz", "", nil, &health); code != 200 || health.Status != "ok" || health.Version != version {
			t.Errorf("/healthz: %d %+v", code, health)
		}
		var ready struct{ Status string }
		if code := call(t, "GET", s.base+"/readyz", "", nil, &ready); code != 200 || ready.Status != "ready" {
			t.Errorf("/readyz: %d %+v", code, ready)
		}
		var denied struct{ Error struct{ Code string } }
		if code := call(t, "GET", s.base+"/api/v1/vendors", "", nil, &denied); code != 401 || denied.Error.Code == "" {
			t.Errorf("vendors without a token: %d %+v, want 401 with an error code", code, denied)
		}
		var created struct {
			ID      int64
			Name    string
			Version int64
		}
		body := map[string]any{"name": "Dell Technologies", "roles": []string{"manufacturer"}}
		if code := call(t, "POST", s.base+"/api/v1/vendors", token, body, &created); code != 201 || created.ID == 0 || created.Version != 1 {
			t.Fatalf("create vendor: %d %+v", code, created)
		}
		var list struct {
			Items []struct {
				ID   int64
				Name string
			}
			Total int64
		}
		if code := call(t, "GET", s.base+"/api/v1/vendors?q=dell", token, nil, &list); code != 200 || list.Total != 1 ||
			len(list.Items) != 1 || list.Items[0].ID != created.ID || list.Items[0].Name != "Dell Technologies" {
			t.Errorf("list vendors: %d %+v", code, list)
		}

		if code := s.stop(t); code != exitOK {
			t.Errorf("serve exited with %d after its context ended, want 0:\n%s", code, s.log)
		}
		if !strings.Contains(s.log.String(), `"msg":"stopped"`) {
			t.Errorf("no graceful stop in the log:\n%s", s.log)
		}
		out, _ := mustRun(t, exitOK, "token", "list", "--database", db)
		if !strings.Contains(out, "e2e") || !strings.Contains(out, "admin") {
			t.Errorf("token list does not show the token:\n%s", out)
		}
	})
}

// TestServeRefusesNewerSchema checks that serve will not run on a database a newer release
// has migrated.
func TestServeRefusesNewerSchema(t *testing.T) {
	modeltest.ForEachDatabase(t, func(t *testing.T, db string) {
		out, _ := mustRun(t, exitOK, "migrate", "--database", db)
		if want := fmt.Sprintf("schema version %d\n", latestMigration()); out != want {
			t.Errorf("migrate printed %q, want %q", out, want)
		}
		st, err := models.Open(context.Background(), db, models.Options{})
		if err != nil {
			t.Fatal(err)
		}
		modeltest.AddFutureMigration(t, st, latestMigration()+1)
		st.Close()
		_, stderr := mustRun(t, exitFailure, "serve", "--addr", "127.0.0.1:0", "--database", db)
		if !strings.Contains(stderr, "schema") || !strings.Contains(stderr, "upgrade itreg") {
			t.Errorf("serve's refusal does not explain itself:\n%s", stderr)
		}
		mustRun(t, exitFailure, "migrate", "--database", db)
	})
}
