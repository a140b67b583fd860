package models

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// List limits.
const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

// Page asks for one page of a list: how many, after which cursor, in which order.
type Page struct {
	Limit  int    // 0 = DefaultLimit
	Cursor string // opaque, from the previous page's Next
	Sort   string // a whitelisted field, "-" prefix for descending; "" = id
}

// ListResult is one page of a list and the total number of matches. Pages after the first
// report the total counted for the first page (the cursor carries it).
type ListResult[T any] struct {
	Items []T
	Total int64
	Next  string // empty on the last page
}

// SortField is a whitelisted sort: its SQL expression (NULLs coalesced so keyset paging works)
// and how to read the same value from a loaded row.
type SortField[T any] struct {
	Expr string
	Key  func(*T) any
}

// ClampLimit applies the default and rejects limits outside 1..MaxLimit.
func ClampLimit(n int) (int, error) {
	switch {
	case n == 0:
		return DefaultLimit, nil
	case n < 0 || n > MaxLimit:
		return 0, &ParamError{Param: "limit", Message: fmt.Sprintf("must be between 1 and %d", MaxLimit)}
	}
	return n, nil
}

type cursor struct {
	Sort  string `json:"s"`
	Val   any    `json:"v"`
	ID    int64  `json:"i"`
	Total int64  `json:"t"` // the first page's count, reused by the pages after it
}

// listPage runs q (filters applied, table named) as a keyset-paginated list: ordered by the
// sort expression then id, so a deep page costs what the first does. The first page's total
// is s's count of q, kept while the register is unchanged (countSummary).
func listPage[T any](ctx context.Context, s *Store, q *gorm.DB, table string, page Page, sorts map[string]SortField[T],
	idOf func(*T) int64) (ListResult[T], error) {
	var out ListResult[T]
	limit, err := ClampLimit(page.Limit)
	if err != nil {
		return out, err
	}
	name, desc := strings.TrimPrefix(page.Sort, "-"), strings.HasPrefix(page.Sort, "-")
	if name == "" && desc {
		return out, &ParamError{Param: "sort", Message: "names no field after \"-\"; sortable: " + sortNames(sorts)}
	}
	if name == "" {
		name = "id"
	}
	field, ok := sorts[name]
	if name == "id" {
		field, ok = SortField[T]{Expr: table + ".id"}, true
	}
	if !ok {
		return out, &ParamError{Param: "sort", Message: "cannot sort by " + name + "; sortable: " + sortNames(sorts)}
	}
	q = q.WithContext(ctx)
	var after *cursor
	if page.Cursor != "" {
		c, err := decodeCursor(page.Cursor)
		if err == nil && c.Sort == page.Sort && name != "id" {
			c.Val, err = cursorValue(c.Val, field)
		}
		if err != nil || c.Sort != page.Sort || c.ID < 0 {
			return out, &ParamError{Param: "cursor", Message: "is not a cursor from this list and sort"}
		}
		after = &c
	}
	// The total is counted on the first page and carried in the cursor: at a million rows the
	// count costs far more than the page itself, and a deep page must cost what page one does.
	if after != nil && after.Total > 0 { // a forged total only misreports the count
		out.Total = after.Total
	} else if out.Total, err = s.countSummary(ctx, q, table); err != nil {
		return out, fmt.Errorf("count %s: %w", table, err)
	}
	cmp, dir := ">", "ASC"
	if desc {
		cmp, dir = "<", "DESC"
	}
	if after != nil {
		c := *after
		if name == "id" {
			q = q.Where(table+".id "+cmp+" ?", c.ID)
		} else {
			q = q.Where("("+field.Expr+" "+cmp+" ? OR ("+field.Expr+" = ? AND "+table+".id "+cmp+" ?))", c.Val, c.Val, c.ID)
		}
	}
	if name != "id" {
		q = q.Order(field.Expr + " " + dir)
	}
	q = q.Order(table + ".id " + dir).Limit(limit + 1)
	if err := q.Find(&out.Items).Error; err != nil {
		return out, fmt.Errorf("list %s: %w", table, err)
	}
	if len(out.Items) > limit {
		out.Items = out.Items[:limit]
		last := &out.Items[limit-1]
		c := cursor{Sort: page.Sort, ID: idOf(last), Total: out.Total}
		if name != "id" {
			c.Val = field.Key(last)
		}
		out.Next = encodeCursor(c)
	}
	if out.Items == nil {
		out.Items = []T{}
	}
	return out, nil
}

func sortNames[T any](sorts map[string]SortField[T]) string {
	names := []string{"id"}
	for k := range sorts {
		names = append(names, k)
	}
	for i := 1; i < len(names); i++ {
		for j := i; j > 1 && names[j] < names[j-1]; j-- {
			names[j], names[j-1] = names[j-1], names[j]
		}
	}
	return strings.Join(names, ", ")
}

// cursorValue checks a cursor's sort value against the type the sort field produces, since a
// cursor comes back from the client and could hold anything: text must be text (valid, no
// NUL), a date a real date, a number a whole number.
func cursorValue[T any](v any, field SortField[T]) (any, error) {
	var zero T
	switch proto := field.Key(&zero).(type) {
	case string:
		s, ok := v.(string)
		if !ok || !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
			return nil, errBadCursor
		}
		if proto == dateKey(Date{}) {
			if _, err := ParseDate(s); err != nil {
				return nil, errBadCursor
			}
		}
		return s, nil
	case time.Time:
		// Passed back as a time, so each driver formats it the way it stores timestamps.
		s, _ := v.(string)
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return nil, errBadCursor
		}
		return t, nil
	case int64, int:
		f, ok := v.(float64)
		if !ok || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
			return nil, errBadCursor
		}
		return int64(f), nil
	}
	return nil, errBadCursor
}

var errBadCursor = errors.New("bad cursor")

func encodeCursor(c cursor) string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string) (cursor, error) {
	var c cursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return c, err
	}
	err = json.Unmarshal(b, &c)
	return c, err
}

// likeEscape escapes LIKE wildcards so user text is searched as text.
func likeEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// searchText adds "any of cols contains text", case-insensitively, with % and _ taken literally.
func searchText(q *gorm.DB, text string, cols ...string) *gorm.DB {
	text = strings.TrimSpace(text)
	if text == "" {
		return q
	}
	pattern := "%" + likeEscape(strings.ToLower(text)) + "%"
	parts := make([]string, len(cols))
	args := make([]any, len(cols))
	for i, c := range cols {
		parts[i] = "LOWER(COALESCE(" + c + ", '')) LIKE ? ESCAPE '\\'"
		args[i] = pattern
	}
	return q.Where("("+strings.Join(parts, " OR ")+")", args...)
}

// dateKey returns a date's sort value, with unset dates first as in the COALESCE expression.
func dateKey(d Date) string {
	if d.IsZero() {
		return "0001-01-01"
	}
	return d.String()
}
