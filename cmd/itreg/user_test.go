package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"

	"itreg/models/modeltest"
)

// TestUserCommand invites a person from the command line and follows them through the served
// program: set a password from the printed link, see their sessions, sign out.
func TestUserCommand(t *testing.T) {
	for _, dialect := range modeltest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			db := modeltest.MustDatabaseURL(t, dialect)
			const prefix = "http://localhost:8080/set-password?token=itp_"
			out, _ := mustRun(t, exitOK, "user", "create", "--database", db, "--email", "admin@localhost", "--name", "Admin",
				"--role", "admin", "--if-no-users")
			if !strings.HasPrefix(out, prefix) {
				t.Fatalf("user create printed %q", out)
			}
			t.Run("make run's invitation happens once", func(t *testing.T) {
				out, errOut := mustRun(t, exitOK, "user", "create", "--database", db, "--email", "admin@localhost", "--role", "admin", "--if-no-users")
				if out != "" || !strings.Contains(errOut, "itreg user reset admin@localhost") {
					t.Fatalf("second invitation: stdout %q stderr %q", out, errOut)
				}
			})
			t.Run("bad input is a usage error naming the flag", func(t *testing.T) {
				_, errOut := mustRun(t, exitUsage, "user", "create", "--database", db, "--email", "not an address", "--role", "admin")
				if !strings.Contains(errOut, "--email") {
					t.Errorf("stderr %q", errOut)
				}
				mustRun(t, exitUsage, "user", "create", "--database", db, "--email", "x@example.com")
				mustRun(t, exitUsage, "user", "disable", "--database", db)
			})
			mustRun(t, exitOK, "user", "create", "--database", db, "--email", "ana@example.com", "--role", "viewer")
			t.Run("a token belongs to a user and carries at most their role", func(t *testing.T) {
				mustRun(t, exitFailure, "token", "create", "--database", db, "--name", "too-strong", "--role", "editor", "--user", "ana@example.com")
				mustRun(t, exitOK, "token", "create", "--database", db, "--name", "ci-export", "--role", "viewer", "--user", "ana@example.com")
				mustRun(t, exitOK, "token", "create", "--database", db, "--name", "legacy", "--role", "viewer")
				out, _ := mustRun(t, exitOK, "token", "list", "--database", db)
				if !strings.Contains(out, "ana@example.com") || !strings.Contains(out, "(none)") {
					t.Errorf("token list:\n%s", out)
				}
			})
			t.Run("list, disable, enable", func(t *testing.T) {
				mustRun(t, exitOK, "user", "disable", "--database", db, "ana@example.com")
				out, _ := mustRun(t, exitOK, "user", "list", "--database", db)
				if !strings.Contains(out, "admin@localhost") || !strings.Contains(out, "true") {
					t.Errorf("user list:\n%s", out)
				}
				mustRun(t, exitOK, "user", "enable", "--database", db, "ana@example.com")
				mustRun(t, exitFailure, "user", "enable", "--database", db, "nobody@example.com")
			})
			link, _ := mustRun(t, exitOK, "user", "reset", "--database", db, "admin@localhost")
			token := strings.TrimPrefix(strings.TrimSpace(link), "http://localhost:8080/set-password?token=")

			srv := mustServe(t, db)
			jar, _ := cookiejar.New(nil)
			client := &http.Client{Jar: jar}
			post := func(path string, body any) int {
				b, _ := json.Marshal(body)
				resp, err := client.Post(srv.base+path, "application/json", bytes.NewReader(b))
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				return resp.StatusCode
			}
			get := func(path string) (int, string) {
				resp, err := client.Get(srv.base + path)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				var buf bytes.Buffer
				buf.ReadFrom(resp.Body)
				return resp.StatusCode, buf.String()
			}
			t.Run("the invited admin sets a password, signs in, sees sessions and signs out", func(t *testing.T) {
				if code := post("/api/v1/password/set", map[string]string{"token": token, "password": "a long and unusual passphrase"}); code != 200 {
					t.Fatalf("set password: %d", code)
				}
				if code, body := get("/api/v1/me"); code != 200 || !strings.Contains(body, `"email":"admin@localhost"`) {
					t.Fatalf("me: %d %s", code, body)
				}
				if code, body := get("/api/v1/me/sessions"); code != 200 || !strings.Contains(body, `"total":1`) {
					t.Fatalf("sessions: %d %s", code, body)
				}
				req, _ := http.NewRequest("DELETE", srv.base+"/api/v1/session", nil)
				resp, err := client.Do(req)
				if err != nil || resp.StatusCode != 204 {
					t.Fatalf("sign out: %v %v", resp, err)
				}
				resp.Body.Close()
				if code, _ := get("/api/v1/me"); code != 401 {
					t.Fatalf("me after sign-out: %d", code)
				}
				if code := post("/api/v1/session", map[string]string{"email": "admin@localhost", "password": "a long and unusual passphrase"}); code != 200 {
					t.Fatalf("sign in: %d", code)
				}
			})
		})
	}
}
