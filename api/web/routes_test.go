package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"itreg/api/auth"
	"itreg/models"
)

// TestRequireRole: the role check a page puts on its unsafe routes answers the 403 page
// below the role and lets the role and those above it through.
func TestRequireRole(t *testing.T) {
	a, err := New(nil, Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	gin.SetMode(gin.ReleaseMode)
	tests := []struct {
		role string
		want int
	}{
		{"", http.StatusForbidden}, // nobody signed in
		{models.RoleViewer, http.StatusForbidden},
		{models.RoleEditor, http.StatusNoContent},
		{models.RoleAdmin, http.StatusNoContent},
	}
	for _, tt := range tests {
		t.Run("role "+tt.role, func(t *testing.T) {
			r := gin.New()
			r.Use(securityHeaders(), func(c *gin.Context) {
				if tt.role != "" {
					u := &models.User{ID: 1, Email: "x@example.com", Role: tt.role}
					c.Request = c.Request.WithContext(auth.WithIdentity(c.Request.Context(), auth.SessionIdentity(u, nil)))
				}
			})
			r.POST("/devices/1", a.requireRole(models.RoleEditor), func(c *gin.Context) { c.Status(http.StatusNoContent) })
			w := httptest.NewRecorder()
			r.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/devices/1", nil))
			if w.Code != tt.want {
				t.Fatalf("status %d, want %d", w.Code, tt.want)
			}
			if tt.want == http.StatusForbidden && w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
				t.Errorf("the 403 is not the HTML page: %q", w.Header().Get("Content-Type"))
			}
		})
	}
}

// TestRecoverPage: a panicking page answers the 500 page, without the panic's words.
func TestRecoverPage(t *testing.T) {
	a, err := New(nil, Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	r := gin.New()
	r.GET("/boom", securityHeaders(), a.recoverPage, func(*gin.Context) { panic("secret detail") })
	w := httptest.NewRecorder()
	r.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/boom", nil))
	if w.Code != http.StatusInternalServerError || w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("status %d, type %q", w.Code, w.Header().Get("Content-Type"))
	}
	if body := w.Body.String(); strings.Contains(body, "secret detail") || !strings.Contains(body, "Something went wrong") {
		t.Errorf("the 500 page shows the panic or not the heading")
	}
}
