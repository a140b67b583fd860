package web

import (
	"iter"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"itreg/models"
	"itreg/reports"
)

// Downloads of a list: exactly the rows the filter matches (every page of them, read on the
// store's cursors as the page reads them) and the columns shown, as CSV or XLSX through the
// reports package's renderers, which neutralise formulas in text cells.

const (
	exportPageSize = 500
	// maxExportRows caps one download; a bigger register is what the reports are for.
	maxExportRows = 100_000
)

func exportList[T, F any](a *App, c *gin.Context, s *listSpec[T, F], format string) {
	ctx := c.Request.Context()
	st := stateOf(c.Request.URL.Query())
	st.Cursor, st.Back, st.Limit = "", nil, ""
	if len(st.Cols) == 0 {
		views, err := a.store.SavedViews(ctx, meFrom(c).UserID, s.Page)
		if err != nil {
			a.fail(c, err)
			return
		}
		for _, v := range views {
			if v.IsDefault() && v.UserID == meFrom(c).UserID {
				st.Cols = v.Columns
			}
		}
	}
	f, err := s.filterOf(st)
	if err != nil {
		a.failList(c, err)
		return
	}
	shown := s.shown(st.Cols)
	t := &reports.Table{Name: s.Page, Title: s.Title, GeneratedAt: time.Now().UTC()}
	for _, i := range shown {
		t.Columns = append(t.Columns, reports.Column{Key: s.Columns[i].Key, Title: s.Columns[i].Title, Type: reports.Text})
	}
	// The first page is read before the headers go out, so a store error is still a clean page.
	first, err := s.List(ctx, s.withPage(f, ""))
	if err != nil {
		a.failList(c, err)
		return
	}
	t.Rows = s.rowsFrom(c, f, shown, first)
	name := s.Page + "-" + time.Now().UTC().Format("2006-01-02")
	c.Header("Content-Disposition", `attachment; filename="`+name+"."+format+`"`)
	if format == "csv" {
		c.Header("Content-Type", "text/csv; charset=utf-8")
		c.Status(http.StatusOK)
		err = reports.RenderCSV(c.Writer, t)
	} else {
		c.Header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		c.Status(http.StatusOK)
		err = reports.RenderXLSX(c.Writer, t)
	}
	if err != nil {
		// The headers are out; all that is left is to log and cut the download short.
		a.log.Error("web: list download", "page", s.Page, "err", err)
	}
}

// withPage returns f asking for one export page after cursor.
func (s *listSpec[T, F]) withPage(f F, cursor string) F {
	p := s.PageOf(&f)
	p.Limit, p.Cursor = exportPageSize, cursor
	return f
}

// rowsFrom yields the rows of first and of every page after it, up to maxExportRows.
func (s *listSpec[T, F]) rowsFrom(c *gin.Context, f F, shown []int, first models.ListResult[T]) iter.Seq2[reports.Row, error] {
	return func(yield func(reports.Row, error) bool) {
		ctx := c.Request.Context()
		res, n := first, 0
		for {
			cells, err := s.cellsFor(ctx, res.Items)
			if err != nil {
				yield(reports.Row{}, err)
				return
			}
			for i := range res.Items {
				all := cells(&res.Items[i])
				row := reports.Row{Cells: make([]any, len(shown))}
				for j, k := range shown {
					row.Cells[j] = all[k]
				}
				if n++; n > maxExportRows || !yield(row, nil) {
					return
				}
			}
			if res.Next == "" {
				return
			}
			if res, err = s.List(ctx, s.withPage(f, res.Next)); err != nil {
				yield(reports.Row{}, err)
				return
			}
		}
	}
}
