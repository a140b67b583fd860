package web

import (
	"context"

	"itreg/api/auth"
	"itreg/models"
)

// Store is what the web pages need from the store: the same methods the JSON API calls.
// *models.Store satisfies it; a page that needs another method adds it here.
type Store interface {
	// Sessions and sign-in; api/auth resolves the cookie with SessionUser.
	auth.Store
	PasswordSignIn(ctx context.Context, email, password string, client models.ClientInfo) (*models.User, string, error)
	EndSession(ctx context.Context, secret string) error
	ListSessions(ctx context.Context, userID int64) ([]models.Session, error)
	RevokeSession(ctx context.Context, userID, sessionID int64) error
	EndUserSessions(ctx context.Context, userID, exceptSessionID int64) error

	// Passwords and the account.
	CheckSetPasswordLink(ctx context.Context, token string) (*models.User, error)
	SetPasswordFromLink(ctx context.Context, token, password string, client models.ClientInfo) (*models.User, string, error)
	ChangePassword(ctx context.Context, userID int64, current, password string, keepSessionID int64) error
	UpdateAccount(ctx context.Context, userID int64, name, landing string) (*models.User, error)

	// API tokens.
	CreateUserToken(ctx context.Context, name, role string, ownerID *int64) (string, *models.APIToken, error)
	ListUserTokens(ctx context.Context, userID int64) ([]models.APIToken, error)
	RevokeUserToken(ctx context.Context, userID, tokenID int64) error

	// Imports and admin pages (imports.go, import_upload.go, admin.go).
	GetImportRun(ctx context.Context, id int64) (*models.ImportRun, error)
	ListImportRuns(ctx context.Context, f models.ImportRunFilter) (models.ListResult[models.ImportRun], error)
	ImportRunFile(ctx context.Context, id int64) ([]byte, error)
	SaveImportRunFile(ctx context.Context, id int64, file []byte) error
	ImportRunHasFile(ctx context.Context, id int64) (bool, error)
	TakeImportRunFile(ctx context.Context, id int64) ([]byte, error)
	ListUsers(ctx context.Context) ([]models.User, error)
	CreateUser(ctx context.Context, in models.UserInput) (*models.User, string, error)
	SetUserDisabled(ctx context.Context, id int64, disabled bool) (*models.User, error)
	SetUserRole(ctx context.Context, id int64, role string) (*models.User, error)
	ResetPassword(ctx context.Context, id int64) (string, error)
	ListTokens(ctx context.Context) ([]models.APIToken, error)
	RevokeToken(ctx context.Context, id int64) error
	LifetimeDefaults() map[string]int

	// Reminder pages (reminder_rules.go, deliveries.go, report_schedules.go).
	ListReminderRules(ctx context.Context) ([]models.ReminderRule, error)
	GetReminderRule(ctx context.Context, id int64) (*models.ReminderRule, error)
	CreateReminderRule(ctx context.Context, r *models.ReminderRule) error
	UpdateReminderRule(ctx context.Context, id, version int64, change func(*models.ReminderRule) error) (*models.ReminderRule, error)
	DeleteReminderRule(ctx context.Context, id int64, version *int64) error
	ListOutbox(ctx context.Context, f models.OutboxFilter) (models.ListResult[models.OutboxMessage], error)
	ResendOutbox(ctx context.Context, id int64) (*models.OutboxMessage, error)
	QueueTestMessage(ctx context.Context, channel, recipient string) (*models.OutboxMessage, error)
	ListWebhookEndpoints(ctx context.Context) ([]models.WebhookEndpoint, error)
	ListReportSchedules(ctx context.Context) ([]models.ReportSchedule, error)
	CreateReportSchedule(ctx context.Context, r *models.ReportSchedule) error
	UpdateReportSchedule(ctx context.Context, id, version int64, change func(*models.ReportSchedule) error) (*models.ReportSchedule, error)
	DeleteReportSchedule(ctx context.Context, id int64, version *int64) error
}
