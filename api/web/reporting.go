package web

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"

	"itreg/models"
	"itreg/reports"
)

// errNoReportStore is the answer when the web application runs over a Store that is not the
// register's own: reports build from *models.Store (reports.Report.Build), nothing else.
var errNoReportStore = errors.New("web: reports need the register's store")

// buildReport builds the named report over the query q with the defaults the JSON API uses
// (today, the fiscal year start and currency from the configuration), through the same
// reports.ParseParams and Report.Build: the pages show the API's figures, never their own.
func (a *App) buildReport(ctx context.Context, name string, q url.Values) (reports.Report, reports.Params, *reports.Table, error) {
	return a.buildReportPreview(ctx, name, q, 0)
}

// buildReportPreview is buildReport for a page that reads only the first rows of the table
// (reports.Params.Preview; 0 reads them all).
func (a *App) buildReportPreview(ctx context.Context, name string, q url.Values, rows int) (reports.Report, reports.Params, *reports.Table, error) {
	r, _ := reports.Lookup(name)
	st, p, err := a.reportParams(name, q)
	if err != nil {
		return r, p, nil, err
	}
	p.Preview = rows
	t, err := r.Build(ctx, st, p)
	return r, p, t, err
}

// reportParams parses the named report's parameters from q as buildReport does, for pages
// that read a report's figures through the reports package's summaries rather than its rows.
func (a *App) reportParams(name string, q url.Values) (*models.Store, reports.Params, error) {
	r, ok := reports.Lookup(name)
	if !ok {
		return nil, reports.Params{}, fmt.Errorf("report %q: %w", name, models.ErrNotFound)
	}
	st, ok := a.store.(*models.Store)
	if !ok {
		return nil, reports.Params{}, errNoReportStore
	}
	p, err := reports.ParseParams(r, q, reports.Params{AsOf: a.store.Today(), Currency: a.cfg.Currency, FiscalYearStart: a.cfg.FiscalYearStart})
	return st, p, err
}

// tableView is a report table as a page shows it: headings and cells as text.
type tableView struct {
	Columns []columnView
	Rows    []rowView
	More    bool // rows were left off; the download has them all
}

type columnView struct {
	Key, Title string
	Num        bool // right-aligned figures
}

type rowView struct {
	Cells    []string
	Subtotal bool
	Flag     string
}

// viewTable reads up to limit rows of t (0: all) into a tableView; keep, when set, picks the
// rows shown (the limit counts the rows kept).
func viewTable(t *reports.Table, limit int, keep func(reports.Row) bool) (*tableView, error) {
	v := &tableView{}
	for _, c := range t.Columns {
		v.Columns = append(v.Columns, columnView{Key: c.Key, Title: c.Title, Num: numeric(c.Type)})
	}
	if t.Rows == nil {
		return v, nil
	}
	for r, err := range t.Rows {
		if err != nil {
			return nil, err
		}
		if keep != nil && !keep(r) {
			continue
		}
		if limit > 0 && len(v.Rows) == limit {
			v.More = true
			break
		}
		v.Rows = append(v.Rows, rowView{Cells: rowText(t.Columns, r), Subtotal: r.Subtotal, Flag: r.Flag})
	}
	return v, nil
}

func numeric(t reports.ColumnType) bool {
	return t == reports.MoneyCol || t == reports.Integer || t == reports.Percent
}

// rowText writes a row's cells as text, aligned with the columns.
func rowText(cols []reports.Column, r reports.Row) []string {
	out := make([]string, len(cols))
	for i := range cols {
		if i < len(r.Cells) {
			out[i] = cellText(r.Cells[i])
		}
	}
	return out
}

// cellText shows one report cell on a page: a date as "31 Mar 2027", money as "1234.50 GBP",
// a percent fraction as "25%", a bool as yes/no, blank for nil or a zero date or amount.
func cellText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case models.Date:
		return models.DayText(x)
	case models.Money:
		return x.String()
	case float64:
		return strconv.FormatFloat(x*100, 'f', 0, 64) + "%"
	case bool:
		if x {
			return "yes"
		}
		return "no"
	}
	return fmt.Sprint(v)
}

// cellAt returns row r's cell under the column key of t, nil when absent.
func cellAt(t *reports.Table, r reports.Row, key string) any {
	i := t.ColumnIndex(key)
	if i < 0 || i >= len(r.Cells) {
		return nil
	}
	return r.Cells[i]
}

// textAt is cellAt as text.
func textAt(t *reports.Table, r reports.Row, key string) string { return cellText(cellAt(t, r, key)) }
