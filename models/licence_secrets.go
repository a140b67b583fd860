package models

import (
	"context"
	"fmt"
	"reflect"
	"slices"

	"gorm.io/gorm"
)

// Licence keys are sealed (AES-256-GCM, see Keyring) on their way into the database and opened
// on their way out, by one pair of functions whatever the path: GORM writes and reads go
// through the callbacks below, bulk imports (COPY included) through sealBulk.

// ActionReveal is the audit action of a person reading a licence key in clear.
const ActionReveal = "reveal"

// The reflect types the secret callbacks look for.
var (
	licenceType   = reflect.TypeOf(Licence{})
	importRunType = reflect.TypeOf(ImportRun{})
)

// registerSecretCallbacks seals the secrets of a row before GORM creates or updates it and
// opens them again afterwards (so the caller's value stays plain), and opens them after every
// query: a licence's key, and an import run's stored upload and row errors (whose values may
// be licence keys).
func registerSecretCallbacks(db *gorm.DB, keys *Keyring) error {
	seal := func(tx *gorm.DB) { eachSecret(tx, keys.Seal, keys.SealBytes) }
	open := func(tx *gorm.DB) { eachSecret(tx, keys.Open, keys.OpenBytes) }
	cb := db.Callback()
	for _, err := range []error{
		cb.Create().Before("gorm:create").Register("itreg:seal_keys", seal),
		cb.Create().After("gorm:create").Register("itreg:open_keys", open),
		cb.Update().Before("gorm:update").Register("itreg:seal_keys", seal),
		cb.Update().After("gorm:update").Register("itreg:open_keys", open),
		cb.Query().After("gorm:query").Register("itreg:open_keys", open),
	} {
		if err != nil {
			return fmt.Errorf("secret callbacks: %w", err)
		}
	}
	return nil
}

// eachSecret applies text to the Key of every Licence the statement holds, and text and file
// to the Errors and File of every ImportRun.
func eachSecret(tx *gorm.DB, text func(string) (string, error), file func([]byte) ([]byte, error)) {
	v := tx.Statement.ReflectValue
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	apply := func(l reflect.Value) {
		for l.Kind() == reflect.Pointer {
			if l.IsNil() {
				return
			}
			l = l.Elem()
		}
		if !l.CanAddr() {
			return
		}
		var err error
		switch l.Type() {
		case licenceType:
			lic := l.Addr().Interface().(*Licence)
			lic.Key, err = keep(lic.Key, text)
		case importRunType:
			run := l.Addr().Interface().(*ImportRun)
			if run.Errors, err = keep(run.Errors, text); err == nil {
				run.File, err = keep(run.File, file)
			}
		}
		if err != nil {
			tx.AddError(err)
		}
	}
	switch v.Kind() {
	case reflect.Struct:
		apply(v)
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			apply(v.Index(i))
		}
	}
}

// sealBulk returns rows with the licence_key column sealed, for the bulk writers; rows of
// other tables come back as they are. The caller's rows are not changed.
func (s *Store) sealBulk(table string, cols []string, rows [][]any) ([][]any, error) {
	at := slices.Index(cols, "licence_key")
	if table != "licences" || at < 0 || s.secrets == nil {
		return rows, nil
	}
	out := make([][]any, len(rows))
	for i, r := range rows {
		plain, ok := r[at].(string)
		if !ok {
			return nil, fmt.Errorf("seal licence keys: column licence_key holds %T", r[at])
		}
		sealed, err := s.secrets.Seal(plain)
		if err != nil {
			return nil, err
		}
		out[i] = slices.Clone(r)
		out[i][at] = sealed
	}
	return out, nil
}

// CheckSecrets fails when licence keys in the database are sealed with a key the store does
// not hold: the server must not start and show blanks or errors for every key.
func (s *Store) CheckSecrets(ctx context.Context) error {
	var ids []string
	err := s.db.WithContext(ctx).Table("licences").Where("licence_key LIKE ?", sealedPrefix+"%").
		Distinct("SUBSTR(licence_key, 4, 8)").Pluck("SUBSTR(licence_key, 4, 8)", &ids).Error
	if err != nil {
		return fmt.Errorf("check secret keys: %w", err)
	}
	for _, id := range ids {
		if !s.secrets.Has(id) {
			return fmt.Errorf("%w: licence keys in the database are encrypted with key %s, which is not configured; "+
				"set ITREG_SECRET_KEY or ITREG_SECRET_KEY_FILE to the key file holding it", ErrSecretKey, id)
		}
	}
	return nil
}

// RotateSecrets re-seals, under the current key, every licence key sealed with another key or
// stored in clear, a page at a time; it returns how many it changed. Each row is changed only
// if it still holds the value read, so servers can keep writing while it runs.
func (s *Store) RotateSecrets(ctx context.Context) (int, error) {
	if s.secrets == nil {
		return 0, fmt.Errorf("%w: no secret key is configured (ITREG_SECRET_KEY or ITREG_SECRET_KEY_FILE)", ErrSecretKey)
	}
	current := sealedPrefix + s.secrets.CurrentID() + ":%"
	type row struct {
		ID  int64
		Key string `gorm:"column:licence_key"`
	}
	changed := 0
	var after int64
	for {
		var page []row
		err := s.db.WithContext(ctx).Table("licences").Select("id, licence_key").
			Where("id > ? AND licence_key <> '' AND licence_key NOT LIKE ?", after, current).
			Order("id").Limit(reportPage).Find(&page).Error
		if err != nil {
			return changed, fmt.Errorf("rotate secret keys: %w", err)
		}
		for _, r := range page {
			after = r.ID
			plain, err := s.secrets.Open(r.Key)
			if err != nil {
				return changed, fmt.Errorf("rotate licence %d: %w", r.ID, err)
			}
			sealed, err := s.secrets.Seal(plain)
			if err != nil {
				return changed, err
			}
			res := s.db.WithContext(ctx).Exec("UPDATE licences SET licence_key = ? WHERE id = ? AND licence_key = ?", sealed, r.ID, r.Key)
			if res.Error != nil {
				return changed, fmt.Errorf("rotate licence %d: %w", r.ID, res.Error)
			}
			changed += int(res.RowsAffected)
		}
		if len(page) < reportPage {
			return changed, nil
		}
	}
}

// RevealLicenceKey returns a licence's key in clear and records, in the same transaction, that
// the context's actor read it.
func (s *Store) RevealLicenceKey(ctx context.Context, id int64) (string, error) {
	var key string
	err := s.WithTx(ctx, func(tx *Store) error {
		l, err := tx.GetLicence(ctx, id)
		if err != nil {
			return err
		}
		key = l.Key
		return tx.writeAudit(ctx, ActionReveal, l.TableName(), id, Changes{"key": {Old: nil, New: "revealed the key"}})
	})
	return key, err
}

// keep returns fn(v), or v itself when fn fails, so a failed open leaves the value as read.
func keep[T any](v T, fn func(T) (T, error)) (T, error) {
	out, err := fn(v)
	if err != nil {
		return v, err
	}
	return out, nil
}
