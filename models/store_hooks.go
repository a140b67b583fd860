package models

import "gorm.io/gorm"

// OnStatement runs fn before every statement the store sends through GORM (queries, row
// reads and raw statements), for metrics and for tests that check a page's query count does
// not grow with its size. name must be unique per store.
func (s *Store) OnStatement(name string, fn func()) error {
	cb := func(*gorm.DB) { fn() }
	if err := s.db.Callback().Query().Before("gorm:query").Register(name+":query", cb); err != nil {
		return err
	}
	if err := s.db.Callback().Row().Before("gorm:row").Register(name+":row", cb); err != nil {
		return err
	}
	return s.db.Callback().Raw().Before("gorm:raw").Register(name+":raw", cb)
}
