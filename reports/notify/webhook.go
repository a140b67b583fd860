package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"itreg/models"
)

// WebhookTimeout bounds one webhook delivery, connection and answer included.
const WebhookTimeout = 15 * time.Second

// WebhookSender posts messages to webhook endpoints, signed as the Standard Webhooks
// specification says: webhook-id, webhook-timestamp and webhook-signature headers, the
// signature "v1,<base64 HMAC-SHA256 of id.timestamp.body>" keyed with the endpoint's secret.
type WebhookSender struct {
	Client *http.Client
	Now    func() time.Time
}

// NewWebhookSender returns a sender with a 15-second timeout that follows no redirects, uses
// no proxy and refuses private addresses unless allowPrivate.
func NewWebhookSender(allowPrivate bool, now func() time.Time) *WebhookSender {
	tr := &http.Transport{DialContext: guardedDial(allowPrivate), Proxy: nil, TLSHandshakeTimeout: 10 * time.Second,
		ResponseHeaderTimeout: WebhookTimeout, MaxIdleConnsPerHost: 2}
	return &WebhookSender{
		Client: &http.Client{Transport: tr, Timeout: WebhookTimeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		Now: now,
	}
}

// NewWebhookSecret returns a fresh signing secret, "whsec_" and 32 random bytes in base64.
func NewWebhookSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return "whsec_" + base64.StdEncoding.EncodeToString(b)
}

// WebhookID is the webhook-id of a message: the same for every attempt of the same outbox row.
func WebhookID(msg *Message) string { return "msg_" + msg.ID }

// Sign returns the Standard Webhooks signature header value of a body.
func Sign(secret, id string, ts int64, body []byte) (string, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		return "", fmt.Errorf("webhook secret is not base64: %w", err)
	}
	mac := hmac.New(sha256.New, key)
	fmt.Fprintf(mac, "%s.%d.", id, ts)
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil)), nil
}

// Verify checks a Standard Webhooks signature header (which may list several, space-separated)
// in constant time; receivers and tests use it.
func Verify(secret, id, ts string, body []byte, header string) bool {
	n, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	want, err := Sign(secret, id, n, body)
	if err != nil {
		return false
	}
	for _, sig := range strings.Fields(header) {
		if hmac.Equal([]byte(sig), []byte(want)) {
			return true
		}
	}
	return false
}

// Payload is the body posted to an endpoint in its format.
func Payload(format string, msg *Message, now time.Time) ([]byte, error) {
	switch format {
	case models.WebhookSlack:
		return json.Marshal(map[string]any{"text": "*" + msg.Subject + "*\n" + msg.Text})
	case models.WebhookTeams:
		card := map[string]any{
			"$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "type": "AdaptiveCard", "version": "1.4",
			"body": []any{
				map[string]any{"type": "TextBlock", "text": msg.Subject, "weight": "Bolder", "size": "Medium", "wrap": true},
				map[string]any{"type": "TextBlock", "text": msg.Text, "wrap": true},
			},
		}
		return json.Marshal(map[string]any{"type": "message", "attachments": []any{
			map[string]any{"contentType": "application/vnd.microsoft.card.adaptive", "content": card},
		}})
	}
	return json.Marshal(map[string]any{"type": msg.Event, "timestamp": now.UTC().Format(time.RFC3339), "data": msg.Data})
}

// Post delivers msg to the endpoint. 2xx is delivered; 410 is permanent and Gone (the
// endpoint is disabled); 408, 429 and 5xx are temporary, honouring Retry-After; other answers
// are permanent.
func (w *WebhookSender) Post(ctx context.Context, ep *models.WebhookEndpoint, msg *Message) error {
	now := w.Now()
	body, err := Payload(ep.Format, msg, now)
	if err != nil {
		return permanent("payload: %v", err)
	}
	id, ts := WebhookID(msg), now.Unix()
	sig, err := Sign(ep.Secret, id, ts, body)
	if err != nil {
		return permanent("%v", err)
	}
	ctx, cancel := context.WithTimeout(ctx, WebhookTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep.URL, bytes.NewReader(body))
	if err != nil {
		return permanent("webhook URL: %v", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "itreg-webhooks")
	req.Header.Set("webhook-id", id)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("webhook-signature", sig)
	resp, err := w.Client.Do(req)
	if err != nil {
		if errors.Is(err, ErrPrivateAddress) {
			return &DeliveryError{Err: ErrPrivateAddress}
		}
		return temporary(fmt.Errorf("webhook: %w", err))
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	switch c := resp.StatusCode; {
	case c >= 200 && c < 300:
		return nil
	case c == http.StatusGone:
		return &DeliveryError{Gone: true, Err: fmt.Errorf("webhook answered 410 Gone: the endpoint is disabled")}
	case c == http.StatusRequestTimeout || c == http.StatusTooManyRequests || c >= 500:
		return &DeliveryError{Temporary: true, RetryAfter: retryAfter(resp.Header.Get("Retry-After"), now),
			Err: fmt.Errorf("webhook answered %s", resp.Status)}
	}
	return permanent("webhook answered %s", resp.Status)
}

// retryAfter reads a Retry-After header: seconds or an HTTP date; 0 when absent or unreadable.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
