package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// Register adds the web application's routes to r: the hashed static files, the public
// sign-in pages and every signed-in page. Each noun's file has a register<Noun>Routes method;
// add the call for a new one here, in the group its pages need.
func (a *App) Register(r gin.IRouter) {
	r.GET("/static/:name", a.assets.serve)
	r.HEAD("/static/:name", a.assets.serve)
	// Browsers ask for /favicon.ico whatever the page links; send them to the real one.
	r.GET("/favicon.ico", func(c *gin.Context) { c.Redirect(http.StatusMovedPermanently, a.assets.URL("favicon.svg")) })

	// Every page: security headers with a fresh nonce, never cached, the person (if any)
	// resolved from the session cookie, and cross-site unsafe requests refused.
	pages := r.Group("", securityHeaders(), noStore(), a.recoverPage, a.crossOriginCheck, a.identifyOptional)
	a.registerSignInRoutes(pages)
	a.registerSetPasswordRoutes(pages)

	// Signed-in pages: anyone else is sent to /sign-in?next=<this page>.
	signed := pages.Group("", a.requireSignIn)
	a.registerHomeRoutes(signed)
	a.registerAccountRoutes(signed)
	a.registerListRoutes(signed)
	a.registerRecordRoutes(signed)
	a.registerRenewalRoutes(signed)
	a.registerEndOfLifeRoutes(signed)
	a.registerBudgetRoutes(signed)
	a.registerReportRoutes(signed)
	a.registerSearchRoutes(signed)
	a.registerImportRoutes(signed)
	a.registerAdminRoutes(signed)
	a.registerReminderRuleRoutes(signed)
	a.registerCategoryRoutes(signed)
	a.registerDeliveryRoutes(signed)
	a.registerWebhookRoutes(signed)
	a.registerReportScheduleRoutes(signed)
}

// requireRole answers the 403 page unless the person's role is at least role. Put it on every
// route that changes something, whatever the template shows: hiding a button is not a check.
func (a *App) requireRole(role string) gin.HandlerFunc {
	return func(c *gin.Context) {
		if !meFrom(c).Can(role) {
			a.renderError(c, http.StatusForbidden, "")
			return
		}
		c.Next()
	}
}
