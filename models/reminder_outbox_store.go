package models

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"time"

	"gorm.io/gorm/clause"
)

// PlanOutbox inserts the rows whose key is not there yet and returns how many were new.
// Planning the same rows again, from any replica, changes nothing.
func (s *Store) PlanOutbox(ctx context.Context, rows []OutboxMessage) (int64, error) {
	if len(rows) == 0 {
		return 0, nil
	}
	now := s.now()
	for i := range rows {
		rows[i].ID, rows[i].CreatedAt, rows[i].UpdatedAt = 0, now, now
	}
	res := s.db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(rows, 200)
	if res.Error != nil {
		return 0, s.translate("plan outbox", res.Error)
	}
	return res.RowsAffected, nil
}

// OutboxOfRule returns a rule's reminder rows that are still open, or whose anchor date is on
// or after since: what the planner compares its plan with.
func (s *Store) OutboxOfRule(ctx context.Context, ruleID int64, since Date) ([]OutboxMessage, error) {
	var out []OutboxMessage
	err := s.db.WithContext(ctx).Where("kind = ? AND rule_id = ?", OutboxReminder, ruleID).
		Where("(status IN ? OR anchor_date >= ?)", []string{StatusPlanned, StatusRetry, StatusSending}, since).
		Order("id").Find(&out).Error
	if err != nil {
		return nil, s.translate("outbox of rule", err)
	}
	return out, nil
}

// CloseOutbox moves the given rows that are still planned or waiting to retry to a final
// status (skipped or cancelled) with the reason. A row a dispatcher holds is left alone.
func (s *Store) CloseOutbox(ctx context.Context, ids []int64, status, reason string) (int64, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	var n int64
	for start := 0; start < len(ids); start += 1000 {
		chunk := ids[start:min(start+1000, len(ids))]
		res := s.db.WithContext(ctx).Model(&OutboxMessage{}).
			Where("id IN ? AND status IN ?", chunk, []string{StatusPlanned, StatusRetry}).
			Updates(map[string]any{"status": status, "reason": reason, "updated_at": s.now()})
		if res.Error != nil {
			return n, s.translate("close outbox rows", res.Error)
		}
		n += res.RowsAffected
	}
	return n, nil
}

// ExpireOutbox skips every open row whose time has passed unsent (a later stage superseded
// it, or the day of a report run ended), including rows whose dispatcher died past expiry.
func (s *Store) ExpireOutbox(ctx context.Context) (int64, error) {
	now := s.now()
	res := s.db.WithContext(ctx).Model(&OutboxMessage{}).
		Where("expires_at <= ?", now).
		Where("(status IN ? OR (status = ? AND lease_until < ?))", []string{StatusPlanned, StatusRetry}, StatusSending, now).
		Updates(map[string]any{"status": StatusSkipped, "reason": "superseded: its time passed unsent", "updated_at": now})
	if res.Error != nil {
		return 0, s.translate("expire outbox", res.Error)
	}
	return res.RowsAffected, nil
}

// ClaimOutbox leases up to limit due rows to the caller (token) until now + lease, counting
// the attempt. On Postgres the rows are picked with FOR UPDATE SKIP LOCKED, so dispatchers on
// several replicas never claim the same row; a row whose lease ran out (its dispatcher died)
// is claimed again. SQLite has one writer, so the statement alone is enough there.
// Only rows of the given channels are claimed: a channel with nothing configured is left alone.
func (s *Store) ClaimOutbox(ctx context.Context, channels []string, token string, lease time.Duration, limit int) ([]OutboxMessage, error) {
	now := s.now()
	lock := ""
	if s.dialect == Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	q := `UPDATE reminder_outbox SET status = ?, lease_until = ?, lease_token = ?, attempts = attempts + 1, updated_at = ?
WHERE id IN (SELECT id FROM reminder_outbox
	WHERE ((status IN ('planned', 'retry') AND next_attempt_at <= ?) OR (status = 'sending' AND lease_until < ?))
	AND expires_at > ? AND channel IN ?
	ORDER BY next_attempt_at, id LIMIT ?` + lock + `)
RETURNING *`
	var out []OutboxMessage
	err := s.db.WithContext(ctx).Raw(q, StatusSending, now.Add(lease), token, now, now, now, now, channels, limit).Scan(&out).Error
	if err != nil {
		return nil, s.translate("claim outbox", err)
	}
	return out, nil
}

// ClaimDigest leases, to the holder of token, every other due digest row of the same rule,
// channel and recipient, so one digest message carries them all even when a claim batch
// split them.
func (s *Store) ClaimDigest(ctx context.Context, ruleID int64, channel, recipient, token string, lease time.Duration) ([]OutboxMessage, error) {
	now := s.now()
	lock := ""
	if s.dialect == Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	q := `UPDATE reminder_outbox SET status = ?, lease_until = ?, lease_token = ?, attempts = attempts + 1, updated_at = ?
WHERE id IN (SELECT id FROM reminder_outbox
	WHERE ((status IN ('planned', 'retry') AND next_attempt_at <= ?) OR (status = 'sending' AND lease_until < ?))
	AND expires_at > ? AND kind = 'reminder' AND digest AND rule_id = ? AND channel = ? AND recipient = ?` + lock + `)
RETURNING *`
	var out []OutboxMessage
	err := s.db.WithContext(ctx).Raw(q, StatusSending, now.Add(lease), token, now, now, now, now, ruleID, channel, recipient).Scan(&out).Error
	if err != nil {
		return nil, s.translate("claim digest rows", err)
	}
	return out, nil
}

// OutboxResult is what a dispatcher learnt of one claimed row.
type OutboxResult struct {
	Status string     // sent, retry or dead
	NextAt time.Time  // for retry
	Error  string     // the last error, for retry and dead
	SentAt *time.Time // for sent
	Reason string
}

// FinishOutbox records the outcome of a claimed row, if the caller still holds its lease
// (ErrStale otherwise: another dispatcher took it over after the lease ran out).
func (s *Store) FinishOutbox(ctx context.Context, id int64, token string, r OutboxResult) error {
	up := map[string]any{"status": r.Status, "lease_until": nil, "lease_token": "", "updated_at": s.now()}
	switch r.Status {
	case StatusSent:
		up["sent_at"], up["last_error"] = r.SentAt, ""
	case StatusRetry:
		up["next_attempt_at"], up["last_error"] = r.NextAt.UTC(), r.Error
	default:
		up["last_error"] = r.Error
	}
	if r.Reason != "" {
		up["reason"] = r.Reason
	}
	res := s.db.WithContext(ctx).Model(&OutboxMessage{}).Where("id = ? AND lease_token = ? AND status = ?", id, token, StatusSending).Updates(up)
	if res.Error != nil {
		return s.translate("finish outbox row", res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("finish outbox row %d: %w", id, ErrStale)
	}
	return nil
}

// ResendOutbox puts a dead row back in the queue with its attempts reset, to go now; it keeps
// its key and so its Message-ID. Only dead rows can be resent.
func (s *Store) ResendOutbox(ctx context.Context, id int64) (*OutboxMessage, error) {
	now := s.now()
	err := s.WithTx(ctx, func(tx *Store) error {
		var m OutboxMessage
		if err := tx.forUpdate().Take(&m, id).Error; err != nil {
			return tx.translate(fmt.Sprintf("resend outbox row %d", id), err)
		}
		if m.Status != StatusDead {
			return &ConflictError{Message: fmt.Sprintf("only a dead message can be resent; this one is %s", m.Status)}
		}
		return tx.db.Model(&OutboxMessage{}).Where("id = ?", id).Updates(map[string]any{
			"status": StatusRetry, "attempts": 0, "next_attempt_at": now, "expires_at": now.Add(24 * time.Hour),
			"reason": "resent by " + ActorFrom(ctx), "updated_at": now,
		}).Error
	})
	if err != nil {
		return nil, err
	}
	return s.GetOutbox(ctx, id)
}

// GetOutbox loads one outbox row.
func (s *Store) GetOutbox(ctx context.Context, id int64) (*OutboxMessage, error) {
	var m OutboxMessage
	if err := s.db.WithContext(ctx).Take(&m, id).Error; err != nil {
		return nil, s.translate(fmt.Sprintf("outbox row %d", id), err)
	}
	return &m, nil
}

// OutboxFilter selects rows of the delivery log.
type OutboxFilter struct {
	Status, Kind, Channel, ItemKind string
	ItemID, RuleID                  int64
	Recipient                       string
	Page
}

var outboxSorts = map[string]SortField[OutboxMessage]{}

// ListOutbox lists the delivery log, newest first by default.
func (s *Store) ListOutbox(ctx context.Context, f OutboxFilter) (ListResult[OutboxMessage], error) {
	q := s.db.Model(&OutboxMessage{})
	q = whereSet(q, eq{"reminder_outbox.status", f.Status}, eq{"reminder_outbox.kind", f.Kind},
		eq{"reminder_outbox.channel", f.Channel}, eq{"reminder_outbox.item_kind", f.ItemKind},
		eq{"reminder_outbox.item_id", f.ItemID}, eq{"reminder_outbox.rule_id", f.RuleID},
		eq{"reminder_outbox.recipient", f.Recipient})
	if f.Sort == "" {
		f.Sort = "-id"
	}
	return listPage(ctx, s, q, "reminder_outbox", f.Page, outboxSorts, func(m *OutboxMessage) int64 { return m.ID })
}

// NoteOutbox explains on the due rows of a channel why they wait (no SMTP server configured),
// so the delivery log says why nothing was sent.
func (s *Store) NoteOutbox(ctx context.Context, channel, note string) error {
	now := s.now()
	err := s.db.WithContext(ctx).Model(&OutboxMessage{}).
		Where("channel = ? AND status = ? AND next_attempt_at <= ? AND last_error <> ?", channel, StatusPlanned, now, note).
		Updates(map[string]any{"last_error": note, "updated_at": now}).Error
	return s.translate("note outbox rows", err)
}

// QueueTestMessage queues a test message to a recipient (an email address, or "endpoint:<id>"
// for a webhook), due now; the dispatcher sends it like any other and the log shows the result.
func (s *Store) QueueTestMessage(ctx context.Context, channel, recipient string) (*OutboxMessage, error) {
	var b [8]byte
	_, _ = rand.Read(b[:])
	now := s.now()
	k := OutboxKey{ItemKind: OutboxTest, ItemID: int64(binary.BigEndian.Uint64(b[:]) >> 1), AnchorDate: DateOf(now),
		Channel: channel, Recipient: recipient}
	m := NewOutboxMessage(OutboxTest, nil, k, now, now.Add(24*time.Hour))
	m.Reason = "test message requested by " + ActorFrom(ctx)
	m.CreatedAt, m.UpdatedAt = now, now
	if err := s.db.WithContext(ctx).Create(&m).Error; err != nil {
		return nil, s.translate("queue a test message", err)
	}
	return &m, nil
}
