package models

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// CreateSavedView stores a new named view for its user. A second view of the same name on the
// same page by the same person is a conflict.
func (s *Store) CreateSavedView(ctx context.Context, v *SavedView) error {
	if err := v.validate(true); err != nil {
		return err
	}
	v.ID = 0
	if n, err := s.bound(ctx).usedBy("users", v.UserID, "id"); err != nil || n == 0 {
		if err != nil {
			return fmt.Errorf("create saved view: %w", err)
		}
		return &FieldError{Fields: map[string]string{"user_id": "no such user"}}
	}
	if err := s.db.WithContext(ctx).Create(v).Error; err != nil {
		if errors.Is(s.translate("", err), ErrConflict) {
			return &ConflictError{Message: "you already have a view named " + v.Name + " on this page", Fields: map[string]string{"name": "taken"}}
		}
		return s.translate("create saved view", err)
	}
	return nil
}

// SetDefaultView stores a person's default view of a page (the columns and query they last
// chose), replacing the one before.
func (s *Store) SetDefaultView(ctx context.Context, userID int64, page, query string, columns []string) (*SavedView, error) {
	v := &SavedView{UserID: userID, Page: page, Query: query, Columns: StringList(columns)}
	if err := v.validate(false); err != nil {
		return nil, err
	}
	err := s.WithTx(ctx, func(tx *Store) error {
		var cur SavedView
		err := tx.forUpdate().Where("user_id = ? AND page = ? AND name = ''", userID, page).Take(&cur).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			return tx.translate("create default view", tx.db.Create(v).Error)
		case err != nil:
			return fmt.Errorf("read default view: %w", err)
		}
		v.ID, v.CreatedAt = cur.ID, cur.CreatedAt
		return tx.translate("update default view", tx.db.Model(&SavedView{}).Where("id = ?", cur.ID).
			Updates(map[string]any{"query": v.Query, "columns": v.Columns, "updated_at": tx.now()}).Error)
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// SavedViews lists the views a person may use on a page ("" = every page): their own, default
// first, and those others share, by page then name.
func (s *Store) SavedViews(ctx context.Context, userID int64, page string) ([]SavedView, error) {
	q := s.db.WithContext(ctx).Where("user_id = ? OR (shared AND user_id <> ?)", userID, userID)
	if page != "" {
		q = q.Where("page = ?", page)
	}
	out := []SavedView{}
	q = q.Order(clause.OrderBy{Expression: clause.Expr{SQL: "page, CASE WHEN user_id = ? AND name = '' THEN 0 ELSE 1 END, name, id",
		Vars: []any{userID}, WithoutParentheses: true}})
	if err := q.Find(&out).Error; err != nil {
		return nil, fmt.Errorf("saved views: %w", err)
	}
	return out, nil
}

// DeleteSavedView deletes one of the person's own views; another person's view, shared or not,
// is not found.
func (s *Store) DeleteSavedView(ctx context.Context, userID, id int64) error {
	res := s.db.WithContext(ctx).Where("id = ? AND user_id = ?", id, userID).Delete(&SavedView{})
	if res.Error != nil {
		return fmt.Errorf("delete saved view %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("saved view %d: %w", id, ErrNotFound)
	}
	return nil
}

// bound returns the store with its handle bound to ctx, for helpers that use s.db.
func (s *Store) bound(ctx context.Context) *Store {
	inner := *s
	inner.db = s.db.WithContext(ctx)
	return &inner
}
