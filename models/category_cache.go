package models

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// categoryTTL is how long one process trusts the categories it read. A category written by
// this process is seen at once (the write drops the cache); one written by another process
// (a second server, the CLI) within categoryTTL, and at once by a device write that names it
// (a name the cache lacks is looked up again before it is refused).
const categoryTTL = 2 * time.Second

// categoryCache holds the categories last read. A transaction that writes a category gets a
// cache of its own (so it sees its write and no one else does before it commits); the
// store's is dropped when that transaction ends.
type categoryCache struct {
	mu     sync.Mutex
	set    *CategorySet
	loaded time.Time
}

func (c *categoryCache) get() *CategorySet {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.set == nil || time.Since(c.loaded) >= categoryTTL {
		return nil
	}
	return c.set
}

func (c *categoryCache) put(set *CategorySet) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.set, c.loaded = set, time.Now()
}

func (c *categoryCache) drop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.set = nil
}

// Categories returns the register's categories, from the cache when it is fresh.
func (s *Store) Categories(ctx context.Context) (*CategorySet, error) {
	if set := s.categories.get(); set != nil {
		return set, nil
	}
	return s.ReloadCategories(ctx)
}

// ReloadCategories reads the categories from the database and caches them.
func (s *Store) ReloadCategories(ctx context.Context) (*CategorySet, error) {
	var list []Category
	if err := s.db.WithContext(ctx).Order("id").Find(&list).Error; err != nil {
		return nil, fmt.Errorf("load categories: %w", err)
	}
	set := NewCategorySet(list)
	s.categories.put(set)
	return set, nil
}

// categoriesChanged gives a transaction that wrote a category a cache of its own.
func (s *Store) categoriesChanged() { s.categories = &categoryCache{} }

// afterTx hands a category change made in inner, a transaction begun on s, back to s: an
// enclosing transaction adopts inner's cache, the store drops its own.
func (s *Store) afterTx(inner *Store) {
	if inner.categories == s.categories || inner.categories == nil {
		return
	}
	if s.inTx {
		s.categories = inner.categories
		return
	}
	s.categories.drop()
}

// categoryLifetimes returns each category's lifetime by name, overrides applied; when the
// categories cannot be read (a database not yet migrated), the built-in lifetimes.
func (s *Store) categoryLifetimes() map[string]int {
	set, err := s.Categories(context.Background())
	if err != nil {
		set = builtinCategories()
	}
	return set.Lifetimes(s.Lifetimes)
}

// builtinCategories are the eleven categories the register is seeded with.
func builtinCategories() *CategorySet {
	list := make([]Category, len(DeviceCategories))
	for i, c := range DeviceCategories {
		list[i] = Category{Name: c, Class: c, LifetimeMonths: DefaultLifetimeMonths[c]}
	}
	return NewCategorySet(list)
}

// categoryNames returns the categories' names in display order, for the per-category terms
// of the end-of-life conditions; never empty, so "NOT IN" always has a list.
func (s *Store) categoryNames() []string {
	set, err := s.Categories(context.Background())
	if err != nil || len(set.All()) == 0 {
		return builtinCategories().Names()
	}
	return set.Names()
}
