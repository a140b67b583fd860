package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// accountData is the account page: three forms, the sessions and the tokens.
type accountData struct {
	Email       string
	HasPassword bool
	Profile     *Form
	Password    *Form
	TokenForm   *Form
	TokenRole   Field
	Sessions    []sessionRow
	Tokens      []tokenRow
	NewToken    *newToken // the secret of a token just created, shown this once
}

type sessionRow struct {
	ID                  int64
	Device, Address     string
	CreatedAt, LastSeen string
	Current             bool
}

type tokenRow struct {
	ID                  int64
	Name, Role, Prefix  string
	CreatedAt, LastUsed string
}

type newToken struct{ Name, Secret string }

func (a *App) registerAccountRoutes(g *gin.RouterGroup) {
	g.GET("/account", a.accountPage)
	g.POST("/account", a.updateAccount)
	g.POST("/account/password", a.changePassword)
	g.POST("/account/sessions/:id/revoke", a.revokeSession)
	g.POST("/account/sessions/end-all", a.endAllSessions)
	g.POST("/account/tokens", a.createToken)
	g.POST("/account/tokens/:id/revoke", a.revokeToken)
}

// accountView loads what the page lists. Forms not given start from the user's values.
func (a *App) accountView(c *gin.Context, d *accountData) (*accountData, error) {
	me := meFrom(c)
	ctx := c.Request.Context()
	d.Email, d.HasPassword = me.Email, a.cfg.PasswordLogin
	if d.Profile == nil {
		d.Profile = NewForm(url.Values{"name": {me.Name}, "landing": {me.Landing}})
	}
	if d.Password == nil {
		d.Password = NewForm(nil)
	}
	if d.TokenForm == nil {
		d.TokenForm = NewForm(url.Values{"role": {me.Role}})
	}
	d.TokenForm.Prefix = "token-"
	var roles []string
	for _, r := range []string{models.RoleViewer, models.RoleEditor, models.RoleAdmin} {
		if me.Can(r) {
			roles = append(roles, r, roleName(r))
		}
	}
	d.TokenRole = d.TokenForm.Select("role", "Role", roles...)
	sessions, err := a.store.ListSessions(ctx, me.UserID)
	if err != nil {
		return nil, err
	}
	current := sessionOf(c)
	for _, s := range sessions {
		d.Sessions = append(d.Sessions, sessionRow{ID: s.ID, Device: browserName(s.UserAgent), Address: s.ClientAddr,
			CreatedAt: stamp(s.CreatedAt), LastSeen: stamp(s.LastSeenAt), Current: current != nil && current.ID == s.ID})
	}
	tokens, err := a.store.ListUserTokens(ctx, me.UserID)
	if err != nil {
		return nil, err
	}
	for _, t := range tokens {
		row := tokenRow{ID: t.ID, Name: t.Name, Role: t.Role, Prefix: t.Prefix, CreatedAt: stamp(t.CreatedAt), LastUsed: "never"}
		if t.LastUsedAt != nil {
			row.LastUsed = stamp(*t.LastUsedAt)
		}
		d.Tokens = append(d.Tokens, row)
	}
	return d, nil
}

// renderAccount shows the account page with status and the forms in d.
func (a *App) renderAccount(c *gin.Context, status int, d *accountData) {
	d, err := a.accountView(c, d)
	if err != nil {
		a.fail(c, err)
		return
	}
	a.render(c, Page{Name: "account", Title: "Your account", Status: status, Data: d})
}

func (a *App) accountPage(c *gin.Context) { a.renderAccount(c, http.StatusOK, &accountData{}) }

func (a *App) updateAccount(c *gin.Context) {
	me := meFrom(c)
	form := NewForm(url.Values{"name": {c.PostForm("name")}, "landing": {c.PostForm("landing")}})
	if _, err := a.store.UpdateAccount(c.Request.Context(), me.UserID, c.PostForm("name"), c.PostForm("landing")); err != nil {
		if form.TakeError(err, "name", "landing") {
			a.renderAccount(c, http.StatusUnprocessableEntity, &accountData{Profile: form})
			return
		}
		a.fail(c, err)
		return
	}
	a.flash(c, "ok", "Your account is saved.")
	c.Redirect(http.StatusSeeOther, "/account")
}

func (a *App) changePassword(c *gin.Context) {
	me := meFrom(c)
	form := NewForm(nil)
	current, password := c.PostForm("current_password"), c.PostForm("password")
	if password != c.PostForm("confirm") {
		form.SetFieldError("confirm", "The two new passwords are not the same.")
		a.renderAccount(c, http.StatusUnprocessableEntity, &accountData{Password: form})
		return
	}
	var keep int64
	if s := sessionOf(c); s != nil {
		keep = s.ID
	}
	err := a.store.ChangePassword(c.Request.Context(), me.UserID, current, password, keep)
	var te *models.ThrottleError
	switch {
	case errors.As(err, &te):
		form.SetFieldError("current_password", "Too many wrong passwords. Try again in "+inWords(te.RetryAfter)+".")
		c.Header("Retry-After", strconv.Itoa(int(te.RetryAfter.Seconds()+0.999)))
		a.renderAccount(c, http.StatusTooManyRequests, &accountData{Password: form})
		return
	case errors.Is(err, models.ErrUnauthorized):
		form.SetFieldError("current_password", "This is not your current password.")
		a.renderAccount(c, http.StatusUnprocessableEntity, &accountData{Password: form})
		return
	case err != nil && form.TakeError(err, "current_password", "password"):
		a.renderAccount(c, http.StatusUnprocessableEntity, &accountData{Password: form})
		return
	case err != nil:
		a.fail(c, err)
		return
	}
	a.flash(c, "ok", "Your password is changed; your other sessions have ended.")
	c.Redirect(http.StatusSeeOther, "/account")
}

func (a *App) revokeSession(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		a.renderError(c, http.StatusNotFound, "")
		return
	}
	if err := a.store.RevokeSession(c.Request.Context(), meFrom(c).UserID, id); err != nil {
		a.fail(c, err)
		return
	}
	a.flash(c, "ok", "That browser is signed out.")
	c.Redirect(http.StatusSeeOther, "/account#sessions")
}

// endAllSessions signs the person out everywhere, this browser included.
func (a *App) endAllSessions(c *gin.Context) {
	if err := a.store.EndUserSessions(c.Request.Context(), meFrom(c).UserID, 0); err != nil {
		a.fail(c, err)
		return
	}
	a.clearSessionCookie(c.Writer)
	a.flash(c, "ok", "You have signed out everywhere.")
	c.Redirect(http.StatusSeeOther, "/sign-in")
}

func (a *App) createToken(c *gin.Context) {
	me := meFrom(c)
	name, role := c.PostForm("name"), c.PostForm("role")
	form := NewForm(url.Values{"name": {name}, "role": {role}})
	if role != "" && !me.Can(role) {
		// The form offers only roles up to the person's own; anything else is a forged post.
		a.renderError(c, http.StatusForbidden, "A token can carry at most your own role ("+roleName(me.Role)+").")
		return
	}
	owner := me.UserID
	secret, tok, err := a.store.CreateUserToken(c.Request.Context(), name, role, &owner)
	if err != nil {
		if errors.Is(err, models.ErrForbidden) {
			a.renderError(c, http.StatusForbidden, "")
			return
		}
		if form.TakeError(err, "name", "role") {
			a.renderAccount(c, http.StatusUnprocessableEntity, &accountData{TokenForm: form})
			return
		}
		a.fail(c, err)
		return
	}
	// The secret is shown in this answer only: never in a redirect, a flash cookie or a log.
	a.renderAccount(c, http.StatusCreated, &accountData{NewToken: &newToken{Name: tok.Name, Secret: secret}})
}

func (a *App) revokeToken(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		a.renderError(c, http.StatusNotFound, "")
		return
	}
	if err := a.store.RevokeUserToken(c.Request.Context(), meFrom(c).UserID, id); err != nil {
		a.fail(c, err)
		return
	}
	a.flash(c, "ok", "The token is revoked.")
	c.Redirect(http.StatusSeeOther, "/account#tokens")
}
