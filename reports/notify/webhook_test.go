package notify

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"itreg/models"
	"itreg/models/modeltest"
)

// receiver is a webhook receiver that verifies every delivery's signature in constant time
// (Verify uses hmac.Equal) and answers from a script of statuses.
type receiver struct {
	mu       sync.Mutex
	secret   string
	script   []int // statuses to answer in turn; 204 once it runs out
	ids      []string
	bodies   [][]byte
	verified []bool
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	ok := Verify(rc.secret, r.Header.Get("webhook-id"), r.Header.Get("webhook-timestamp"), body, r.Header.Get("webhook-signature"))
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.ids = append(rc.ids, r.Header.Get("webhook-id"))
	rc.bodies = append(rc.bodies, body)
	rc.verified = append(rc.verified, ok)
	if !ok {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	status := http.StatusNoContent
	if len(rc.script) > 0 {
		status, rc.script = rc.script[0], rc.script[1:]
	}
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "120")
	}
	w.WriteHeader(status)
}

// mustEndpoint stores an endpoint for url with a fresh secret.
func mustEndpoint(tb testing.TB, st *models.Store, url, format string) *models.WebhookEndpoint {
	tb.Helper()
	ep := &models.WebhookEndpoint{Name: "hook " + format, URL: url, Format: format, Secret: NewWebhookSecret(), Enabled: true}
	if err := st.CreateWebhookEndpoint(context.Background(), ep); err != nil {
		tb.Fatal(err)
	}
	return ep
}

// TestWebhookDelivery posts reminders to a real receiver: signed, retried after a 503 with
// Retry-After under the same webhook id, disabled on 410, and refused to loopback unless allowed.
func TestWebhookDelivery(t *testing.T) {
	cases := []struct {
		name         string
		script       []int
		allowPrivate bool
		wantStatus   string
		wantCalls    int
		wantEnabled  bool
	}{
		{"503 with Retry-After, then 204", []int{503}, true, models.StatusSent, 2, true},
		{"410 disables the endpoint", []int{410}, true, models.StatusDead, 1, false},
		{"loopback refused by default", nil, false, models.StatusDead, 0, true},
	}
	for _, dialect := range modeltest.Dialects(t) {
		for _, tc := range cases {
			t.Run(dialect+"/"+tc.name, func(t *testing.T) {
				e := mustEnv(t, dialect, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
				rc := &receiver{script: tc.script}
				srv := httptest.NewServer(rc)
				defer srv.Close()
				ep := mustEndpoint(t, e.st, srv.URL+"/hook", models.WebhookStandard)
				rc.secret = ep.Secret
				e.disp.Webhooks = NewWebhookSender(tc.allowPrivate, e.clk.Now)
				mustRule(t, e.st, models.ReminderRule{SendHour: 8, Stages: models.Stages{30},
					Recipients: models.Recipients{{Kind: models.RecipientWebhook, Value: strconv.FormatInt(ep.ID, 10)}}})
				mustLicence(t, e.st, "Backup", models.MustDate("2026-12-31"), 0, true)
				e.pass(t)
				if row := mustOutbox(t, e.st)[0]; row.Status == models.StatusRetry {
					if got := row.NextAttemptAt.Sub(e.clk.Now()); got < 120*time.Second {
						t.Errorf("retry in %s, before the receiver's Retry-After of 120 s", got)
					}
					e.clk.set(row.NextAttemptAt)
					e.pass(t)
				}
				row := mustOutbox(t, e.st)[0]
				if row.Status != tc.wantStatus {
					t.Errorf("row is %s (%q), want %s", row.Status, row.LastError, tc.wantStatus)
				}
				rc.mu.Lock()
				defer rc.mu.Unlock()
				if len(rc.ids) != tc.wantCalls {
					t.Fatalf("receiver called %d times, want %d", len(rc.ids), tc.wantCalls)
				}
				for i, id := range rc.ids {
					if id != "msg_"+row.MessageID || !rc.verified[i] {
						t.Errorf("call %d: id %q (want msg_%s), signature verified %v", i, id, row.MessageID, rc.verified[i])
					}
				}
				if len(rc.bodies) > 0 {
					var payload struct {
						Type string `json:"type"`
						Data struct {
							Items []map[string]any `json:"items"`
						} `json:"data"`
					}
					if err := json.Unmarshal(rc.bodies[0], &payload); err != nil || payload.Type != "reminder.due" || len(payload.Data.Items) != 1 ||
						payload.Data.Items[0]["name"] != "Backup" || payload.Data.Items[0]["stage"] != "30_days" {
						t.Errorf("payload %s (%v)", rc.bodies[0], err)
					}
				}
				got, err := e.st.GetWebhookEndpoint(e.ctx, ep.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.Enabled != tc.wantEnabled {
					t.Errorf("endpoint enabled = %v, want %v (%q)", got.Enabled, tc.wantEnabled, got.DisabledReason)
				}
			})
		}
	}
}

// TestSignature checks the Standard Webhooks signature against a tampered body, another
// secret and another timestamp.
func TestSignature(t *testing.T) {
	secret := NewWebhookSecret()
	body := []byte(`{"type":"reminder.due"}`)
	sig, err := Sign(secret, "msg_1", 1700000000, body)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, secret, ts string
		body             []byte
		want             bool
	}{
		{"as sent", secret, "1700000000", body, true},
		{"tampered body", secret, "1700000000", []byte(`{"type":"reminder.missed"}`), false},
		{"another timestamp", secret, "1700000001", body, false},
		{"another secret", NewWebhookSecret(), "1700000000", body, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Verify(tc.secret, "msg_1", tc.ts, tc.body, "v1,bogus "+sig); got != tc.want {
				t.Errorf("Verify = %v, want %v", got, tc.want)
			}
		})
	}
	if !strings.HasPrefix(sig, "v1,") {
		t.Errorf("signature %q lacks the v1 prefix", sig)
	}
}

// TestTamperedBodyRefused sends a correctly signed request with its body changed on the way:
// the receiver refuses it.
func TestTamperedBodyRefused(t *testing.T) {
	rc := &receiver{secret: NewWebhookSecret()}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	body := []byte(`{"type":"test"}`)
	sig, _ := Sign(rc.secret, "msg_x", 1, body)
	req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(`{"type":"test","evil":true}`))
	req.Header.Set("webhook-id", "msg_x")
	req.Header.Set("webhook-timestamp", "1")
	req.Header.Set("webhook-signature", sig)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("tampered body answered %d, want 401", resp.StatusCode)
	}
}

// TestPresets checks the Slack and Teams payload shapes.
func TestPresets(t *testing.T) {
	msg := &Message{ID: "x", Event: "test", Subject: "Subject", Text: "Body"}
	cases := []struct{ format, want string }{
		{models.WebhookSlack, `{"text":"*Subject*\nBody"}`},
		{models.WebhookTeams, `"contentType":"application/vnd.microsoft.card.adaptive"`},
		{models.WebhookStandard, `{"data":null,"timestamp":"2027-01-01T00:00:00Z","type":"test"}`},
	}
	for _, tc := range cases {
		t.Run(tc.format, func(t *testing.T) {
			b, err := Payload(tc.format, msg, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), tc.want) {
				t.Errorf("payload %s lacks %s", b, tc.want)
			}
		})
	}
}

// TestCheckWebhookURL refuses private and loopback hosts unless allowed.
func TestCheckWebhookURL(t *testing.T) {
	cases := []struct {
		url   string
		allow bool
		ok    bool
	}{
		{"https://hooks.example.com/x", false, true},
		{"http://127.0.0.1:8080/x", false, false},
		{"http://localhost/x", false, false},
		{"http://10.1.2.3/x", false, false},
		{"http://[::1]/x", false, false},
		{"http://169.254.169.254/latest", false, false},
		{"http://100.64.0.1/x", false, false},
		{"http://127.0.0.1:8080/x", true, true},
	}
	for _, tc := range cases {
		t.Run(tc.url, func(t *testing.T) {
			if err := CheckWebhookURL(tc.url, tc.allow); (err == nil) != tc.ok {
				t.Errorf("CheckWebhookURL(%q, %v) = %v", tc.url, tc.allow, err)
			}
		})
	}
}
