package models

import (
	"context"

	"gorm.io/gorm"
)

// DB gives models' own black-box tests the GORM handle bound to ctx, to set up states the
// store's methods refuse to make (over-assigned seats, links written behind its back) and to
// read what they wrote. It exists only in this package's test binary; tests elsewhere use
// store methods or modeltest.
func (s *Store) DB(ctx context.Context) *gorm.DB { return s.db.WithContext(ctx) }

// RegisterTables are the tables whose writes change the register's change number.
var RegisterTables = registerTables
