// Package web is itreg's web application: server-rendered pages over one layout, built from
// html/template with the templates and static assets embedded in the binary. Handlers are
// thin: they call the same store methods (and option parsing) as the JSON API and render a
// page; they never hold SQL.
//
// # Adding a page
//
// One file per noun (devices.go, licences.go, ...):
//
//  1. In <noun>.go write func (a *App) register<Noun>Routes(g *gin.RouterGroup) and call it
//     from Register in routes.go, in the signed group (or pages, for a public page). Put
//     a.requireRole(models.RoleEditor) on every route that changes something: hiding a button
//     in the template is not a check.
//  2. Add what the handlers need from the store to the Store interface in store.go (the
//     method *models.Store already has, with the same signature).
//  3. Write templates/pages/<name>.html defining "content" (and "title" if the title is not
//     Page.Title). It is parsed with the layout and templates/partials/*.html into its own set,
//     so its own {{define}}s cannot clash with another page's.
//  4. In the handler, render with a.render(c, Page{Name: "<name>", Title: ..., Nav: "<nav key>",
//     Data: ...}); the template reads .Data, .Me (the person: .Me.CanWrite, .Me.IsAdmin),
//     .Form and .Nonce. Answer errors with a.fail(c, err) (store sentinels to 404/409/400/500)
//     or a.renderError(c, status, message). After a successful POST, a.flash(c, "ok", msg)
//     and redirect with 303.
//  5. Forms: form := NewForm(values); on a store error, form.TakeError(err, "field", ...) puts
//     each *models.FieldError message next to its input (fields the form does not show are
//     named above it) and returns false for other errors. In the template:
//     {{template "form-message" .Form}} and {{template "field" (.Form.Field "name" "Label"
//     "text" "required")}} or (.Form.Select "name" "Label" "value" "label" ...).
//  6. The person: meFrom(c) (*Me: UserID, Email, Name, Role, Landing; Can(role)); the full
//     identity is auth.From(c.Request.Context()).
//
// No inline scripts, event handlers or style attributes: the CSP forbids them. Behaviour goes
// in static/app.js behind data attributes (data-confirm="question" on a form or button asks
// first); htmx attributes (hx-get, hx-target, ...) are allowed, and every page must work
// without JavaScript. A bar or gauge is a <meter> or <progress>, not a width in a style
// attribute.
//
// Tests go through the real router with api/web/webtest: ForEachDialect, srv.MustUser,
// srv.Client(t) (SignIn, Get, Post with goquery-parsed pages), and MustBrowser(t) for headless
// Chromium (Open, Fill, Submit, Text, Screenshots), which fails the test on any console error
// or CSP violation.
package web
