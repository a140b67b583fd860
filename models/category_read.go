package models

import (
	"context"
	"fmt"
)

// Categories returns the register's categories, read afresh: a category written by this
// process or another (a second server, the CLI), or earlier in the same transaction, is seen
// by the next read. The table holds tens of rows, so reading it costs what asking whether it
// changed would (one small statement), and a cache would only add ways to be stale.
func (s *Store) Categories(ctx context.Context) (*CategorySet, error) {
	var list []Category
	if err := s.db.WithContext(ctx).Order("id").Find(&list).Error; err != nil {
		return nil, fmt.Errorf("load categories: %w", err)
	}
	return NewCategorySet(list), nil
}

// categoryLifetimes returns each category's lifetime by name, overrides applied; when the
// categories cannot be read (a database not yet migrated), the built-in lifetimes.
func (s *Store) categoryLifetimes() map[string]int {
	lifetimes, _ := s.lifetimesAndNames()
	return lifetimes
}

// lifetimesAndNames returns, from one read, each category's lifetime by name (overrides
// applied) and the names in display order, for the per-category terms of the end-of-life
// conditions; the built-in ones when the categories cannot be read, so "NOT IN" always has
// a list.
func (s *Store) lifetimesAndNames() (map[string]int, []string) {
	set, err := s.Categories(context.Background())
	if err != nil || len(set.All()) == 0 {
		set = builtinCategories()
	}
	return set.Lifetimes(s.Lifetimes), set.Names()
}

// builtinCategories are the eleven categories the register is seeded with.
func builtinCategories() *CategorySet {
	list := make([]Category, len(DeviceCategories))
	for i, c := range DeviceCategories {
		list[i] = Category{Name: c, Class: c, LifetimeMonths: DefaultLifetimeMonths[c]}
	}
	return NewCategorySet(list)
}
