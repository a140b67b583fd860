package models

import (
	"context"
	"strings"
	"time"
)

// The sign-in throttle lives in the database, so it survives a restart and every replica
// shares it. Each key (an account, a client address) may fail a few times freely; past that,
// each further failure doubles how long the key must wait, up to throttleMaxWait.
const (
	accountFreeFailures = 5  // per account: the 6th failure within the back-off answers 429
	addrFreeFailures    = 20 // per address: offices share one address behind NAT
	throttleBaseWait    = time.Minute
	throttleMaxWait     = time.Hour
	throttleForgetAfter = time.Hour // a key quiet this long starts afresh
)

// throttleRow is one key's failure count.
type throttleRow struct {
	Key           string    `gorm:"column:throttle_key;primaryKey"`
	Failures      int64     `gorm:"not null"`
	LastFailureAt time.Time `gorm:"not null"`
	BlockedUntil  *time.Time
}

func (throttleRow) TableName() string { return "sign_in_throttle" }

func accountKey(email string) string {
	return "account:" + clip(strings.ToLower(NormalizeEmail(email)), 280)
}

func addrKey(addr string) string { return "addr:" + clip(addr, 280) }

// checkThrottle answers a *ThrottleError while any key must still wait.
func (s *Store) checkThrottle(ctx context.Context, keys ...string) error {
	var rows []throttleRow
	now := s.now()
	if err := s.db.WithContext(ctx).Where("throttle_key IN ? AND blocked_until > ?", keys, now).Find(&rows).Error; err != nil {
		return s.translate("throttle", err)
	}
	var wait time.Duration
	for _, r := range rows {
		wait = max(wait, r.BlockedUntil.Sub(now))
	}
	if wait > 0 {
		return &ThrottleError{RetryAfter: max(wait.Round(time.Second), time.Second)}
	}
	return nil
}

// recordFailure counts a failure against key and, past free failures, blocks it, in tx.
func (s *Store) recordFailure(key string, free int64) error {
	now := s.now()
	err := s.db.Exec(`INSERT INTO sign_in_throttle (throttle_key, failures, last_failure_at) VALUES (?, 0, ?)
		ON CONFLICT (throttle_key) DO NOTHING`, key, now).Error
	if err != nil {
		return s.translate("throttle", err)
	}
	// One statement counts, so that concurrent failures on replicas all count.
	err = s.db.Exec(`UPDATE sign_in_throttle SET failures = CASE WHEN last_failure_at < ? THEN 1 ELSE failures + 1 END,
		last_failure_at = ? WHERE throttle_key = ?`, now.Add(-throttleForgetAfter), now, key).Error
	if err != nil {
		return s.translate("throttle", err)
	}
	var row throttleRow
	if err := s.db.Where("throttle_key = ?", key).Take(&row).Error; err != nil {
		return s.translate("throttle", err)
	}
	if row.Failures < free {
		return nil
	}
	wait := throttleMaxWait
	if shift := row.Failures - free; shift < 7 {
		wait = min(throttleBaseWait<<shift, throttleMaxWait)
	}
	err = s.db.Model(&throttleRow{}).Where("throttle_key = ?", key).Update("blocked_until", now.Add(wait)).Error
	return s.translate("throttle", err)
}

// clearThrottle forgets a key's failures (a successful sign-in), in tx.
func (s *Store) clearThrottle(key string) error {
	return s.translate("throttle", s.db.Where("throttle_key = ?", key).Delete(&throttleRow{}).Error)
}
