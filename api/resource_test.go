package api

import (
	"net/http"
	"net/url"
	"testing"
)

// The test steps every resource's API tests share.

// createVia POSTs body to path as an editor and returns the new record's id.
func createVia(t *testing.T, a *testAPI, path string, body any) int64 {
	t.Helper()
	got := mustJSON[struct {
		ID int64 `json:"id"`
	}](t, a.do(req{Method: "POST", Path: path, Role: "editor", Body: body}), http.StatusCreated)
	return got.ID
}

// errorCase is a request that must be answered with the one error shape: status, code and
// (when set) the field it names.
type errorCase struct {
	name   string
	r      req
	status int
	code   string
	field  string
}

// runErrorCases runs each case as a subtest.
func runErrorCases(t *testing.T, a *testAPI, cases []errorCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { wantError(t, a.do(tc.r), tc.status, tc.code, tc.field) })
	}
}

// wantTotal GETs each list query (appended to path) and checks how many records match.
func wantTotal[T any](t *testing.T, a *testAPI, path string, cases []totalCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			list := mustJSON[ListResponse[T]](t, a.do(req{Method: "GET", Path: path + "?" + tc.query, Role: "viewer"}), 200)
			if list.Total != int64(tc.want) || len(list.Items) != tc.want {
				t.Fatalf("total %d, %d items, want %d", list.Total, len(list.Items), tc.want)
			}
		})
	}
}

// totalCase is a list query and how many records it must match.
type totalCase struct {
	name, query string
	want        int
}

// listAllPages GETs path as a viewer and follows its next cursors, failing after maxPages.
func listAllPages[T any](t *testing.T, a *testAPI, path string, maxPages int) []T {
	t.Helper()
	var out []T
	next := ""
	for pages := 0; ; pages++ {
		if pages == maxPages {
			t.Fatalf("more than %d pages", maxPages)
		}
		p := path
		if next != "" {
			p += "&cursor=" + url.QueryEscape(next)
		}
		list := mustJSON[ListResponse[T]](t, a.do(req{Method: "GET", Path: p, Role: "viewer"}), 200)
		out = append(out, list.Items...)
		if next = list.Next; next == "" {
			return out
		}
	}
}
