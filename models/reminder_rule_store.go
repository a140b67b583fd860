package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// ListReminderRules returns every reminder rule, by id; a register has a handful.
func (s *Store) ListReminderRules(ctx context.Context) ([]ReminderRule, error) {
	var out []ReminderRule
	if err := s.db.WithContext(ctx).Order("id").Find(&out).Error; err != nil {
		return nil, s.translate("list reminder rules", err)
	}
	return out, nil
}

// GetReminderRule loads one rule.
func (s *Store) GetReminderRule(ctx context.Context, id int64) (*ReminderRule, error) {
	return getEntity[ReminderRule](ctx, s, id)
}

// CreateReminderRule stores a new rule.
func (s *Store) CreateReminderRule(ctx context.Context, r *ReminderRule) error {
	return createEntity(ctx, s, r, hooks[*ReminderRule]{validate: validateRule})
}

// UpdateReminderRule applies change to the rule at the version the client saw.
func (s *Store) UpdateReminderRule(ctx context.Context, id, version int64, change func(*ReminderRule) error) (*ReminderRule, error) {
	return updateEntity(ctx, s, id, version, change, hooks[*ReminderRule]{validate: validateRule})
}

// DeleteReminderRule deletes a rule; its delivery log stays.
func (s *Store) DeleteReminderRule(ctx context.Context, id int64, version *int64) error {
	return deleteEntity(ctx, s, id, version, hooks[*ReminderRule]{})
}

func validateRule(tx *Store, r *ReminderRule) error {
	return tx.validateWithRefs(r, recordRef{"vendor_id", "vendors", r.VendorID}, recordRef{"budget_line_id", "budget_lines", r.BudgetLineID})
}

// ListWebhookEndpoints returns every webhook endpoint, by id.
func (s *Store) ListWebhookEndpoints(ctx context.Context) ([]WebhookEndpoint, error) {
	var out []WebhookEndpoint
	if err := s.db.WithContext(ctx).Order("id").Find(&out).Error; err != nil {
		return nil, s.translate("list webhook endpoints", err)
	}
	return out, nil
}

// GetWebhookEndpoint loads one endpoint, secret included (for signing; never shown again).
func (s *Store) GetWebhookEndpoint(ctx context.Context, id int64) (*WebhookEndpoint, error) {
	return getEntity[WebhookEndpoint](ctx, s, id)
}

// CreateWebhookEndpoint stores a new endpoint.
func (s *Store) CreateWebhookEndpoint(ctx context.Context, e *WebhookEndpoint) error {
	return createEntity(ctx, s, e, hooks[*WebhookEndpoint]{})
}

// UpdateWebhookEndpoint applies change to the endpoint at the version the client saw.
func (s *Store) UpdateWebhookEndpoint(ctx context.Context, id, version int64, change func(*WebhookEndpoint) error) (*WebhookEndpoint, error) {
	return updateEntity(ctx, s, id, version, change, hooks[*WebhookEndpoint]{})
}

// DeleteWebhookEndpoint deletes an endpoint.
func (s *Store) DeleteWebhookEndpoint(ctx context.Context, id int64, version *int64) error {
	return deleteEntity(ctx, s, id, version, hooks[*WebhookEndpoint]{})
}

// DisableWebhookEndpoint turns an endpoint off with the reason (its receiver answered 410 Gone).
func (s *Store) DisableWebhookEndpoint(ctx context.Context, id int64, reason string) error {
	res := s.db.WithContext(ctx).Model(&WebhookEndpoint{}).Where("id = ?", id).
		Updates(map[string]any{"enabled": false, "disabled_reason": reason, "updated_at": s.now(), "version": gorm.Expr("version + 1")})
	if res.Error != nil {
		return s.translate("disable webhook endpoint", res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("disable webhook endpoint %d: %w", id, ErrNotFound)
	}
	return nil
}

// ListReportSchedules returns every report schedule, by id.
func (s *Store) ListReportSchedules(ctx context.Context) ([]ReportSchedule, error) {
	var out []ReportSchedule
	if err := s.db.WithContext(ctx).Order("id").Find(&out).Error; err != nil {
		return nil, s.translate("list report schedules", err)
	}
	return out, nil
}

// GetReportSchedule loads one schedule.
func (s *Store) GetReportSchedule(ctx context.Context, id int64) (*ReportSchedule, error) {
	return getEntity[ReportSchedule](ctx, s, id)
}

// CreateReportSchedule stores a new schedule.
func (s *Store) CreateReportSchedule(ctx context.Context, r *ReportSchedule) error {
	return createEntity(ctx, s, r, hooks[*ReportSchedule]{})
}

// UpdateReportSchedule applies change to the schedule at the version the client saw.
func (s *Store) UpdateReportSchedule(ctx context.Context, id, version int64, change func(*ReportSchedule) error) (*ReportSchedule, error) {
	return updateEntity(ctx, s, id, version, change, hooks[*ReportSchedule]{})
}

// DeleteReportSchedule deletes a schedule; its delivery log stays.
func (s *Store) DeleteReportSchedule(ctx context.Context, id int64, version *int64) error {
	return deleteEntity(ctx, s, id, version, hooks[*ReportSchedule]{})
}
