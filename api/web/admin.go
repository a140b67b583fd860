package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// adminData is the admin page: people, every API token and the configuration in force.
type adminData struct {
	Users                     []userRow
	Tokens                    []adminTokenRow
	Invite                    *Form
	InviteRole, InviteLanding Field
	TokenForm                 *Form
	TokenRole                 Field
	NewLink                   *newLink  // an invitation's or reset's set-password link, shown this once
	NewToken                  *newToken // a token's secret, shown this once
	Config                    []configRow
	Lifetimes                 []lifetimeRow
}

type userRow struct {
	ID                         int64
	Email, Name, Role, Landing string
	LastSignIn                 string
	Disabled, Self             bool
	RoleField                  Field
}

type adminTokenRow struct {
	ID                             int64
	Name, Role, Prefix, Owner      string
	CreatedAt, LastUsed, RevokedAt string
}

type newLink struct{ Email, URL, Expires, Why string }

type configRow struct{ Name, Value, Variable string }

type lifetimeRow struct {
	Category string
	Months   int
}

func (a *App) registerAdminRoutes(g *gin.RouterGroup) {
	g = g.Group("/admin", a.requireRole(models.RoleAdmin))
	g.GET("", a.adminPage)
	g.POST("/users", a.inviteUser)
	g.POST("/users/:id/disable", a.setUserDisabled(true))
	g.POST("/users/:id/enable", a.setUserDisabled(false))
	g.POST("/users/:id/reset", a.resetUserPassword)
	g.POST("/users/:id/role", a.changeUserRole)
	g.POST("/tokens", a.adminCreateToken)
	g.POST("/tokens/:id/revoke", a.adminRevokeToken)
}

// userRoles are the roles a person may have, value and label, for the selects.
func userRoles() []string {
	var out []string
	for _, r := range models.UserRoles {
		out = append(out, r, roleName(r))
	}
	return out
}

// adminView loads what the admin page lists; forms not given start empty.
func (a *App) adminView(c *gin.Context, d *adminData) (*adminData, error) {
	me := meFrom(c)
	ctx := c.Request.Context()
	if d.Invite == nil {
		d.Invite = NewForm(url.Values{"role": {models.RoleViewer}, "landing": {models.LandingIT}})
	}
	d.Invite.Prefix = "invite-"
	d.InviteRole = d.Invite.Select("role", "Role", userRoles()...)
	d.InviteLanding = d.Invite.Select("landing", "Home page view", "it", "IT manager", "finance", "Finance", "procurement", "Procurement")
	if d.TokenForm == nil {
		d.TokenForm = NewForm(url.Values{"role": {models.RoleViewer}})
	}
	d.TokenForm.Prefix = "token-"
	d.TokenRole = d.TokenForm.Select("role", "Role", append(userRoles(), models.RoleFeed, "Calendar feed only")...)
	users, err := a.store.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		row := userRow{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, Landing: u.Landing, Disabled: u.Disabled,
			Self: u.ID == me.UserID, LastSignIn: "never"}
		if u.LastSignInAt != nil {
			row.LastSignIn = stamp(*u.LastSignInAt)
		}
		f := NewForm(url.Values{"role": {u.Role}})
		f.Prefix = "user-" + strconv.FormatInt(u.ID, 10) + "-"
		row.RoleField = f.Select("role", "Role of "+u.Email, userRoles()...)
		d.Users = append(d.Users, row)
	}
	tokens, err := a.store.ListTokens(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range tokens {
		row := adminTokenRow{ID: t.ID, Name: t.Name, Role: t.Role, Prefix: t.Prefix, Owner: t.OwnerEmail,
			CreatedAt: stamp(t.CreatedAt), LastUsed: "never"}
		if t.LastUsedAt != nil {
			row.LastUsed = stamp(*t.LastUsedAt)
		}
		if t.RevokedAt != nil {
			row.RevokedAt = stamp(*t.RevokedAt)
		}
		d.Tokens = append(d.Tokens, row)
	}
	d.Config = a.configInForce()
	for cat, months := range a.store.LifetimeDefaults() {
		d.Lifetimes = append(d.Lifetimes, lifetimeRow{cat, months})
	}
	sort.Slice(d.Lifetimes, func(i, j int) bool { return d.Lifetimes[i].Category < d.Lifetimes[j].Category })
	return d, nil
}

// configInForce is the configuration this server runs with, as a person reads it (never a
// secret).
func (a *App) configInForce() []configRow {
	onOff := func(on bool) string {
		if on {
			return "on"
		}
		return "off"
	}
	sso := "off"
	if a.cfg.OIDCProvider != "" {
		sso = "on (" + a.cfg.OIDCProvider + ")"
	}
	upload := "no limit"
	if a.cfg.MaxUpload > 0 {
		upload = strconv.FormatInt(a.cfg.MaxUpload>>20, 10) + " MB"
	}
	job := "never (every import runs within the request)"
	if a.cfg.ImportJobBytes > 0 {
		job = "files over " + strconv.FormatInt(a.cfg.ImportJobBytes>>10, 10) + " KB"
	}
	public := a.cfg.PublicURL
	if public == "" {
		public = "not set"
	}
	month := "January"
	if m := a.cfg.FiscalYearStart; m >= 1 && m <= 12 {
		month = time.Month(m).String()
	}
	session := "the default"
	if a.cfg.SessionMaxAge > 0 {
		session = inWords(a.cfg.SessionMaxAge)
	}
	return []configRow{
		{"Fiscal year starts in", month, "ITREG_FISCAL_YEAR_START"},
		{"Default currency", a.cfg.Currency, "ITREG_CURRENCY"},
		{"Largest import upload", upload, "ITREG_MAX_UPLOAD_MB"},
		{"Imports run in the background for", job, "ITREG_IMPORT_JOB_KB"},
		{"Public address", public, "ITREG_PUBLIC_URL"},
		{"Single sign-on", sso, "ITREG_OIDC_ISSUER"},
		{"Password sign-in", onOff(a.cfg.PasswordLogin), "ITREG_PASSWORD_LOGIN"},
		{"Longest session", session, "ITREG_SESSION_MAX"},
	}
}

// renderAdmin shows the admin page with status and what d holds.
func (a *App) renderAdmin(c *gin.Context, status int, d *adminData) {
	d, err := a.adminView(c, d)
	if err != nil {
		a.fail(c, err)
		return
	}
	a.render(c, Page{Name: "admin", Title: "Administration", Nav: "admin", Status: status, Data: d})
}

func (a *App) adminPage(c *gin.Context) { a.renderAdmin(c, http.StatusOK, &adminData{}) }

// pathInt64 reads the :id parameter, answering 404 itself when it is no id.
func (a *App) pathInt64(c *gin.Context) (int64, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		a.renderError(c, http.StatusNotFound, "")
		return 0, false
	}
	return id, true
}

// formVersion reads the version a form carried (the record's, when the page was shown),
// answering 400 itself when the form lost it; noun names the record ("rule").
func (a *App) formVersion(c *gin.Context, noun string) (int64, bool) {
	v, err := strconv.ParseInt(c.PostForm("version"), 10, 64)
	if err != nil {
		a.renderError(c, http.StatusBadRequest, "The form lost the "+noun+"'s version. Open the page again and retry.")
		return 0, false
	}
	return v, true
}
