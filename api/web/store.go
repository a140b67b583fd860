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

	// The list pages (pg-lists): devices, licences, warranties, vendors, budget lines, their
	// saved views and the devices' bulk edit.
	ListDevices(ctx context.Context, f models.DeviceFilter) (models.ListResult[models.Device], error)
	ListLicences(ctx context.Context, f models.LicenceFilter) (models.ListResult[models.Licence], error)
	ListWarranties(ctx context.Context, f models.WarrantyFilter) (models.ListResult[models.Warranty], error)
	ListVendors(ctx context.Context, f models.VendorFilter) (models.ListResult[models.Vendor], error)
	ListBudgetLines(ctx context.Context, f models.BudgetLineFilter) (models.ListResult[models.BudgetLine], error)
	WarrantyStatus(ctx context.Context, deviceIDs []int64, on models.Date) (map[int64]models.WarrantyCover, error)
	LifetimeDefaults() map[string]int
	// Device categories (admin_categories.go, the device form and filters).
	Categories(ctx context.Context) (*models.CategorySet, error)
	ListCategories(ctx context.Context) ([]models.CategoryUse, error)
	GetCategory(ctx context.Context, id int64) (*models.Category, error)
	CreateCategory(ctx context.Context, c *models.Category) error
	UpdateCategory(ctx context.Context, id, version int64, change func(*models.Category) error) (*models.Category, error)
	DeleteCategory(ctx context.Context, id int64, version *int64) error
	Today() models.Date
	SavedViews(ctx context.Context, userID int64, page string) ([]models.SavedView, error)
	CreateSavedView(ctx context.Context, v *models.SavedView) error
	SetDefaultView(ctx context.Context, userID int64, page, query string, columns []string) (*models.SavedView, error)
	DeleteSavedView(ctx context.Context, userID, id int64) error
	BulkUpdateDevices(ctx context.Context, sel models.DeviceSelection, patch models.DeviceUpdate, preview bool) (models.BulkResult, error)
	// Record pages and forms (devices, licences, warranties, vendors, budget lines).
	GetDevice(ctx context.Context, id int64) (*models.Device, error)
	CreateDevice(ctx context.Context, d *models.Device) error
	UpdateDevice(ctx context.Context, id, version int64, change func(*models.Device) error) (*models.Device, error)
	DeleteDevice(ctx context.Context, id int64, version *int64) error
	GetLicence(ctx context.Context, id int64) (*models.Licence, error)
	RevealLicenceKey(ctx context.Context, id int64) (string, error)
	CreateLicence(ctx context.Context, l *models.Licence) error
	UpdateLicence(ctx context.Context, id, version int64, change func(*models.Licence) error) (*models.Licence, error)
	DeleteLicence(ctx context.Context, id int64, version *int64) error
	ListSeats(ctx context.Context, licenceID int64, page models.Page) (models.ListResult[models.LicenceSeat], error)
	CreateSeat(ctx context.Context, seat *models.LicenceSeat) error
	DeleteSeat(ctx context.Context, licenceID, seatID int64, version *int64) error
	GetWarranty(ctx context.Context, id int64) (*models.Warranty, error)
	CreateWarranty(ctx context.Context, w *models.Warranty) error
	UpdateWarranty(ctx context.Context, id, version int64, change func(*models.Warranty) error) (*models.Warranty, error)
	DeleteWarranty(ctx context.Context, id int64, version *int64) error
	GetVendor(ctx context.Context, id int64) (*models.Vendor, error)
	CreateVendor(ctx context.Context, v *models.Vendor) error
	UpdateVendor(ctx context.Context, id, version int64, change func(*models.Vendor) error) (*models.Vendor, error)
	DeleteVendor(ctx context.Context, id int64, version *int64) error
	GetBudgetLine(ctx context.Context, id int64) (*models.BudgetLine, error)
	CreateBudgetLine(ctx context.Context, b *models.BudgetLine) error
	UpdateBudgetLine(ctx context.Context, id, version int64, change func(*models.BudgetLine) error) (*models.BudgetLine, error)
	DeleteBudgetLine(ctx context.Context, id int64, version *int64) error
	ListAuditEvents(ctx context.Context, f models.AuditFilter) (models.ListResult[models.AuditEvent], error)
	// Home, renewals, end of life, budget, depreciation, reports and search (pg-proc's pages).
	ITDashboard(ctx context.Context, asOf models.Date) (*models.ITDashboard, error)
	ProcurementDashboard(ctx context.Context, asOf models.Date, fiscalYearStart int) (*models.ProcurementDashboard, error)
	BudgetLinesOfYear(ctx context.Context, fiscalYear int) ([]models.BudgetLine, error)
	RenewalDecisions(ctx context.Context, items []models.RenewalKey) (map[models.RenewalItem]models.RenewalDecision, error)
	SetRenewalDecision(ctx context.Context, item models.RenewalItem, version int64, in models.RenewalDecisionInput) (*models.RenewalDecision, error)
	Search(ctx context.Context, q string, limit int) ([]models.SearchHit, error)
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
	CreateWebhookEndpoint(ctx context.Context, e *models.WebhookEndpoint) error
	UpdateWebhookEndpoint(ctx context.Context, id, version int64, change func(*models.WebhookEndpoint) error) (*models.WebhookEndpoint, error)
	DeleteWebhookEndpoint(ctx context.Context, id int64, version *int64) error
	ListReportSchedules(ctx context.Context) ([]models.ReportSchedule, error)
	CreateReportSchedule(ctx context.Context, r *models.ReportSchedule) error
	UpdateReportSchedule(ctx context.Context, id, version int64, change func(*models.ReportSchedule) error) (*models.ReportSchedule, error)
	DeleteReportSchedule(ctx context.Context, id int64, version *int64) error
}
