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

	// Home, renewals, end of life, budget, depreciation, reports and search (pg-proc's pages).
	Today() models.Date
	ITDashboard(ctx context.Context, asOf models.Date) (*models.ITDashboard, error)
	ProcurementDashboard(ctx context.Context, asOf models.Date, fiscalYearStart int) (*models.ProcurementDashboard, error)
	BudgetLinesOfYear(ctx context.Context, fiscalYear int) ([]models.BudgetLine, error)
	RenewalDecisions(ctx context.Context, items []models.RenewalKey) (map[models.RenewalItem]models.RenewalDecision, error)
	SetRenewalDecision(ctx context.Context, item models.RenewalItem, version int64, in models.RenewalDecisionInput) (*models.RenewalDecision, error)
	Search(ctx context.Context, q string, limit int) ([]models.SearchHit, error)
}
