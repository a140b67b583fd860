package models

import "context"

// AuditFilter selects audit events.
type AuditFilter struct {
	Entity   string
	EntityID int64
	Actor    string
	Action   string
	// AdminOnly includes the events of records only admins may read (API tokens); a caller
	// below admin leaves it false and never sees them.
	AdminOnly bool
	Page
}

// adminOnlyEntities are the audit entities only admins may read, as /tokens is admin-only.
var adminOnlyEntities = []string{entityNameOf(APIToken{}.TableName())}

// ListAuditEvents lists audit events, newest first unless the page sorts otherwise.
func (s *Store) ListAuditEvents(ctx context.Context, f AuditFilter) (ListResult[AuditEvent], error) {
	q := s.db.Model(&AuditEvent{})
	if f.Entity != "" {
		q = q.Where("entity = ?", f.Entity)
	}
	if f.EntityID != 0 {
		q = q.Where("entity_id = ?", f.EntityID)
	}
	if f.Actor != "" {
		q = q.Where("actor = ?", f.Actor)
	}
	if f.Action != "" {
		q = q.Where("action = ?", f.Action)
	}
	if !f.AdminOnly {
		q = q.Where("entity NOT IN ?", adminOnlyEntities)
	}
	if f.Sort == "" {
		f.Sort = "-id"
	}
	return listPage(ctx, s, q, "audit_events", f.Page, map[string]SortField[AuditEvent]{}, func(e *AuditEvent) int64 { return e.ID })
}
