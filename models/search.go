package models

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm/clause"
)

// SearchHit is one record the global search found: its kind ("device", "licence", "warranty",
// "vendor"), id, what a person recognises it by and a line of detail.
type SearchHit struct {
	Kind   string
	ID     int64
	Title  string
	Detail string
}

// Search limits: hits per kind.
const (
	DefaultSearchLimit = 10
	MaxSearchLimit     = 50
)

// searchSource is one kind the global search looks through: the columns it matches (the first
// ranks an exact match first), and the columns it shows as title and detail.
type searchSource struct {
	kind, table string
	match       []string
	title       string
	detail      []string
}

var searchSources = []searchSource{
	{"device", "devices", []string{"devices.asset_tag", "devices.serial_number", "devices.hostname", "devices.assigned_to"},
		"COALESCE(devices.asset_tag, devices.serial_number, '')", []string{"devices.serial_number", "devices.hostname", "devices.model", "devices.assigned_to"}},
	{"licence", "licences", []string{"licences.product", "licences.reference"},
		"licences.product", []string{"licences.reference"}},
	{"warranty", "warranties", []string{"warranties.reference"},
		"COALESCE(warranties.reference, '')", []string{"warranties.kind", "warranties.service_level"}},
	{"vendor", "vendors", []string{"vendors.name"}, "vendors.name", []string{"vendors.website"}},
}

// Search finds devices by asset tag, serial number, hostname or assignee; licences by product
// or reference; warranties and contracts by reference; vendors by name: text anywhere in the
// field, case-insensitively. It returns up to limit hits per kind (0 = DefaultSearchLimit),
// exact matches first, then by id.
func (s *Store) Search(ctx context.Context, q string, limit int) ([]SearchHit, error) {
	q = strings.TrimSpace(q)
	switch {
	case q == "":
		return nil, &ParamError{Param: "q", Message: "required: the text to search for"}
	case utf8.RuneCountInString(q) > 200:
		return nil, &ParamError{Param: "q", Message: "is longer than 200 characters"}
	case limit == 0:
		limit = DefaultSearchLimit
	case limit < 0 || limit > MaxSearchLimit:
		return nil, &ParamError{Param: "limit", Message: fmt.Sprintf("must be between 1 and %d", MaxSearchLimit)}
	}
	hits := []SearchHit{}
	for _, src := range searchSources {
		detail := make([]string, len(src.detail))
		for i, c := range src.detail {
			detail[i] = "COALESCE(" + c + ", '')"
		}
		var rows []struct {
			ID    int64
			Title string
			D0    string
			D1    string
			D2    string
			D3    string
		}
		sel := src.table + ".id AS id, " + src.title + " AS title"
		for i, d := range detail {
			sel += fmt.Sprintf(", %s AS d%d", d, i)
		}
		exact := "CASE WHEN " + strings.Join(lowerEq(src.match), " OR ") + " THEN 0 ELSE 1 END"
		args := make([]any, len(src.match))
		for i := range args {
			args[i] = strings.ToLower(q)
		}
		// One ORDER BY expression: GORM drops an expression when a column order is added after it.
		// Ranking by the exact match first also keeps Postgres off a walk of the primary key
		// (hoping to meet limit matches early) and on the trigram indexes (migration 00008).
		order := clause.OrderBy{Expression: clause.Expr{SQL: exact + ", " + src.table + ".id", Vars: args, WithoutParentheses: true}}
		qq := searchText(s.db.WithContext(ctx).Table(src.table).Select(sel), q, src.match...)
		err := qq.Order(order).Limit(limit).Scan(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("search %s: %w", src.table, err)
		}
		for _, r := range rows {
			var parts []string
			for _, p := range []string{r.D0, r.D1, r.D2, r.D3}[:len(detail)] {
				if p != "" && p != r.Title {
					parts = append(parts, p)
				}
			}
			hits = append(hits, SearchHit{Kind: src.kind, ID: r.ID, Title: r.Title, Detail: strings.Join(parts, " · ")})
		}
	}
	return hits, nil
}

func lowerEq(cols []string) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = "LOWER(COALESCE(" + c + ", '')) = ?"
	}
	return out
}
