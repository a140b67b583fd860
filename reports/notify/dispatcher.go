package notify

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	mrand "math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"itreg/models"
)

// Mailer sends one email message to one address.
type Mailer interface {
	Send(ctx context.Context, to string, msg *Message) error
}

// Poster posts one message to one webhook endpoint.
type Poster interface {
	Post(ctx context.Context, ep *models.WebhookEndpoint, msg *Message) error
}

// Dispatcher delivers due outbox rows. Rows are claimed with a lease (FOR UPDATE SKIP LOCKED on
// Postgres), sent outside any transaction and marked after; a dispatcher that dies between
// send and mark leaves the row to be claimed again when the lease runs out, and the repeat
// carries the same Message-ID and webhook id. Delivery is at least once.
type Dispatcher struct {
	Store    *models.Store
	Composer *Composer
	// Mailer is nil when no SMTP server is configured; email rows then wait, and say why.
	Mailer Mailer
	// Webhooks is nil when webhooks are off.
	Webhooks Poster
	// MaxTries is how many attempts a row gets before it is dead (ITREG_NOTIFY_MAX_TRIES).
	MaxTries int
	// Lease is how long a claimed row is the claimer's alone.
	Lease time.Duration
	// Batch is how many rows one pass claims.
	Batch int
	// Backoff is the first retry's delay; each further try doubles it, up to MaxBackoff.
	Backoff, MaxBackoff time.Duration
	// Jitter returns a number in [0, 1); tests fix it.
	Jitter func() float64
	Log    *slog.Logger
}

// DispatchStats counts one pass's outcomes.
type DispatchStats struct {
	Claimed, Sent, Retried, Dead, Dropped int
}

// Defaults applied to zero fields.
const (
	DefaultMaxTries = 8
	defaultLease    = 2 * time.Minute
	defaultBatch    = 50
)

func (d *Dispatcher) defaults() {
	if d.MaxTries <= 0 {
		d.MaxTries = DefaultMaxTries
	}
	if d.Lease <= 0 {
		d.Lease = defaultLease
	}
	if d.Batch <= 0 {
		d.Batch = defaultBatch
	}
	if d.Backoff <= 0 {
		d.Backoff = time.Minute
	}
	if d.MaxBackoff <= 0 {
		d.MaxBackoff = 6 * time.Hour
	}
	if d.Jitter == nil {
		d.Jitter = mrand.Float64
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
}

// NoSMTP is what the delivery log says of email rows while no SMTP server is configured.
const NoSMTP = "not sent yet: no SMTP server is configured (set ITREG_SMTP_URL and ITREG_MAIL_FROM)"

// RunOnce claims one batch of due rows and delivers it.
func (d *Dispatcher) RunOnce(ctx context.Context) (DispatchStats, error) {
	d.defaults()
	var st DispatchStats
	var channels []string
	if d.Mailer != nil {
		channels = append(channels, models.ChannelEmail)
	} else if err := d.Store.NoteOutbox(ctx, models.ChannelEmail, NoSMTP); err != nil {
		return st, err
	}
	if d.Webhooks != nil {
		channels = append(channels, models.ChannelWebhook)
	}
	if len(channels) == 0 {
		return st, nil
	}
	token := newToken()
	rows, err := d.Store.ClaimOutbox(ctx, channels, token, d.Lease, d.Batch)
	if err != nil {
		return st, err
	}
	for _, g := range groupRows(rows) {
		if r := g[0]; r.Digest && r.RuleID != nil && r.Kind == models.OutboxReminder {
			more, err := d.Store.ClaimDigest(ctx, *r.RuleID, r.Channel, r.Recipient, token, d.Lease)
			if err != nil {
				return st, err
			}
			g = append(g, more...)
		}
		st.Claimed += len(g)
		d.deliver(ctx, token, g, &st)
	}
	return st, nil
}

// groupRows puts digest reminders to the same recipient over the same channel from the same
// rule into one message; every other row is its own message.
func groupRows(rows []models.OutboxMessage) [][]models.OutboxMessage {
	var out [][]models.OutboxMessage
	at := map[string]int{}
	for _, r := range rows {
		if r.Kind != models.OutboxReminder || !r.Digest || r.RuleID == nil {
			out = append(out, []models.OutboxMessage{r})
			continue
		}
		k := strconv.FormatInt(*r.RuleID, 10) + "|" + r.Channel + "|" + r.Recipient
		if i, ok := at[k]; ok {
			out[i] = append(out[i], r)
			continue
		}
		at[k] = len(out)
		out = append(out, []models.OutboxMessage{r})
	}
	return out
}

// groupID is the stable id of a message: the row's own, or for a digest one derived from its rows'.
func groupID(g []models.OutboxMessage) string {
	if len(g) == 1 {
		return g[0].MessageID
	}
	ids := make([]string, len(g))
	for i, r := range g {
		ids[i] = r.MessageID
	}
	slices.Sort(ids)
	sum := sha256.Sum256([]byte(strings.Join(ids, ",")))
	return hex.EncodeToString(sum[:16])
}

// outcome is how a group ended, before it is recorded on each row.
type outcome struct {
	status, reason string
	err            error
}

// deliver composes and sends one group and records the outcome on each of its rows.
func (d *Dispatcher) deliver(ctx context.Context, token string, g []models.OutboxMessage, st *DispatchStats) {
	o := d.send(ctx, g)
	now := d.Store.Now().UTC()
	var res models.OutboxResult
	switch {
	case o.status != "":
		res = models.OutboxResult{Status: o.status, Reason: o.reason}
		st.Dropped += len(g)
	case o.err == nil:
		res = models.OutboxResult{Status: models.StatusSent, SentAt: &now}
		st.Sent += len(g)
	default:
		de := classify(o.err)
		res = models.OutboxResult{Status: models.StatusDead, Error: de.Error()}
		if de.Temporary && g[0].Attempts < d.MaxTries {
			res = models.OutboxResult{Status: models.StatusRetry, Error: de.Error(), NextAt: now.Add(d.backoff(g[0].Attempts, de.RetryAfter))}
			st.Retried += len(g)
		} else {
			if !de.Temporary {
				res.Reason = "permanent failure"
			} else {
				res.Reason = "gave up after " + strconv.Itoa(g[0].Attempts) + " tries"
			}
			st.Dead += len(g)
		}
	}
	for _, r := range g {
		if err := d.Store.FinishOutbox(ctx, r.ID, token, res); err != nil {
			d.Log.Warn("outbox: could not record the outcome; the row will be claimed again", "id", r.ID, "err", err)
		}
	}
}

// send composes the group's message and sends it over its channel.
func (d *Dispatcher) send(ctx context.Context, g []models.OutboxMessage) outcome {
	r := g[0]
	id := groupID(g)
	var msg *Message
	switch r.Kind {
	case models.OutboxReminder:
		m, ok, err := d.Composer.Reminder(ctx, g, id)
		if err != nil {
			return outcome{err: temporary(err)}
		}
		if !ok {
			return outcome{status: models.StatusCancelled, reason: "the item was deleted"}
		}
		msg = m
	case models.OutboxReport:
		s, err := d.Store.GetReportSchedule(ctx, r.ItemID)
		if isNotFound(err) {
			return outcome{status: models.StatusCancelled, reason: "the schedule was deleted"}
		} else if err != nil {
			return outcome{err: temporary(err)}
		}
		m, err := d.Composer.Report(ctx, s, r.AnchorDate, id)
		switch {
		case errors.Is(err, ErrEmptyReport):
			return outcome{status: models.StatusSkipped, reason: "the report was empty and the schedule skips empty reports"}
		case errors.Is(err, models.ErrInvalid):
			return outcome{err: permanent("the schedule's report cannot be built: %v", err)}
		case err != nil:
			return outcome{err: temporary(err)}
		}
		msg = m
	default:
		msg = d.Composer.Test(id)
	}
	if r.Channel == models.ChannelEmail {
		return outcome{err: d.Mailer.Send(ctx, r.Recipient, msg)}
	}
	return d.post(ctx, r.Recipient, msg)
}

// post sends to the endpoint a webhook row names ("endpoint:<id>"), disabling it on 410.
func (d *Dispatcher) post(ctx context.Context, recipient string, msg *Message) outcome {
	id, err := strconv.ParseInt(strings.TrimPrefix(recipient, "endpoint:"), 10, 64)
	if err != nil {
		return outcome{err: permanent("%q names no webhook endpoint", recipient)}
	}
	ep, err := d.Store.GetWebhookEndpoint(ctx, id)
	if isNotFound(err) {
		return outcome{err: permanent("webhook endpoint %d was deleted", id)}
	} else if err != nil {
		return outcome{err: temporary(err)}
	}
	if !ep.Enabled {
		return outcome{err: permanent("webhook endpoint %q is disabled: %s", ep.Name, ep.DisabledReason)}
	}
	err = d.Webhooks.Post(ctx, ep, msg)
	var de *DeliveryError
	if errors.As(err, &de) && de.Gone {
		if derr := d.Store.DisableWebhookEndpoint(ctx, ep.ID, "the receiver answered 410 Gone"); derr != nil {
			d.Log.Warn("webhook: could not disable a gone endpoint", "endpoint", ep.ID, "err", derr)
		}
	}
	return outcome{err: err}
}

// backoff is the delay before the next try after attempt n: Backoff doubled per try up to
// MaxBackoff, half of it random (so replicas retrying together spread out), and never sooner
// than the receiver's Retry-After.
func (d *Dispatcher) backoff(n int, retryAfter time.Duration) time.Duration {
	delay := d.Backoff
	for i := 1; i < n && delay < d.MaxBackoff; i++ {
		delay *= 2
	}
	delay = min(delay, d.MaxBackoff)
	delay = delay/2 + time.Duration(d.Jitter()*float64(delay/2))
	return max(delay, retryAfter)
}

// newToken is a random lease token.
func newToken() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
