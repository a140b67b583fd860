package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"itreg/api/web/webtest"
)

// TestRecordRoutesRefuse covers what every kind's routes refuse: cross-site POSTs (403,
// nothing created), unknown or malformed ids (404), an update without a version (400).
func TestRecordRoutesRefuse(t *testing.T) {
	webtest.ForEachDialect(t, func(t *testing.T, srv *webtest.Server) {
		ed, _ := recordClients(t, srv)
		cross := []string{"Sec-Fetch-Site: cross-site", "Origin: https://evil.example"}
		for _, base := range []string{"/devices", "/licences", "/warranties", "/vendors", "/budget-lines"} {
			t.Run(base, func(t *testing.T) {
				if r := ed.Post(base, url.Values{"name": {"x"}, "product": {"x"}}, cross...); r.Status != http.StatusForbidden {
					t.Errorf("cross-site create: %d", r.Status)
				}
				for _, p := range []string{base + "/999999", base + "/abc", base + "/999999/edit"} {
					if r := ed.Get(p); r.Status != http.StatusNotFound {
						t.Errorf("GET %s: %d", p, r.Status)
					}
				}
				if r := ed.Post(base+"/999999/delete", url.Values{"version": {"1"}}); r.Status != http.StatusNotFound {
					t.Errorf("delete unknown: %d", r.Status)
				}
				if r := ed.Post(base+"/1", url.Values{"name": {"x"}}); r.Status != http.StatusBadRequest {
					t.Errorf("update without a version: %d", r.Status)
				}
				if r := ed.Get(base + "/new"); r.Status != http.StatusOK || !r.Has("form.record-form #save") {
					t.Errorf("new form: %d", r.Status)
				}
			})
		}
	})
}
