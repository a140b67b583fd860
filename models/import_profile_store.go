package models

import (
	"context"
	"fmt"
)

// CreateImportProfile stores a new profile; a name already taken (in any case) is a conflict.
func (s *Store) CreateImportProfile(ctx context.Context, p *ImportProfile) error {
	if err := p.Validate(); err != nil {
		return err
	}
	now := s.now()
	p.ID, p.CreatedAt, p.UpdatedAt, p.Version = 0, now, now, 1
	return s.translate("create import profile", s.db.WithContext(ctx).Create(p).Error)
}

// GetImportProfile loads one profile.
func (s *Store) GetImportProfile(ctx context.Context, id int64) (*ImportProfile, error) {
	var p ImportProfile
	if err := s.db.WithContext(ctx).First(&p, id).Error; err != nil {
		return nil, s.translate(fmt.Sprintf("get import profile %d", id), err)
	}
	return &p, nil
}

// FindImportProfile loads the profile with this name, whatever its case.
func (s *Store) FindImportProfile(ctx context.Context, name string) (*ImportProfile, error) {
	var p ImportProfile
	if err := s.db.WithContext(ctx).Where("lower(name) = lower(?)", name).First(&p).Error; err != nil {
		return nil, s.translate("find import profile", err)
	}
	return &p, nil
}

// ListImportProfiles returns every profile by name (there are few: one per tool exported from).
func (s *Store) ListImportProfiles(ctx context.Context) ([]ImportProfile, error) {
	var out []ImportProfile
	if err := s.db.WithContext(ctx).Order("lower(name), id").Find(&out).Error; err != nil {
		return nil, s.translate("list import profiles", err)
	}
	return out, nil
}

// UpdateImportProfile applies change to the profile at the version the client saw; a stale
// version is ErrStale.
func (s *Store) UpdateImportProfile(ctx context.Context, id, version int64, change func(*ImportProfile) error) (*ImportProfile, error) {
	p, err := s.GetImportProfile(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.Version != version {
		return nil, ErrStale
	}
	if err := change(p); err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	p.UpdatedAt = s.now()
	res := s.db.WithContext(ctx).Model(&ImportProfile{}).Where("id = ? AND version = ?", id, version).Updates(map[string]any{
		"name": p.Name, "kind": p.Kind, "columns": p.Columns, "options": p.Options, "notes": p.Notes,
		"updated_at": p.UpdatedAt, "version": version + 1})
	if res.Error != nil {
		return nil, s.translate(fmt.Sprintf("update import profile %d", id), res.Error)
	}
	if res.RowsAffected == 0 {
		return nil, ErrStale
	}
	p.Version = version + 1
	return p, nil
}

// DeleteImportProfile deletes a profile.
func (s *Store) DeleteImportProfile(ctx context.Context, id int64) error {
	res := s.db.WithContext(ctx).Delete(&ImportProfile{}, id)
	if res.Error != nil {
		return s.translate(fmt.Sprintf("delete import profile %d", id), res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	return nil
}
