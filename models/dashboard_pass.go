package models

import (
	"database/sql"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// passGroup is one group of a counting pass: its key (a status, a currency), its rows, and per
// condition the rows matching it with, when the pass sums an amount, their amount and how many
// of them have one above zero.
type passGroup struct {
	Key     string
	Rows    int64
	Counts  []int64
	Amounts []int64
	Priced  []int64
}

// countPass counts, in one statement over the rows of q grouped by the group expression, the
// rows matching each condition (SUM(CASE WHEN cond ...)); when amount is set it also sums the
// amount of those rows. Tiles read their numbers this way from the very conditions their lists
// filter by (deviceStateConds, renewalWindowConds), so each count is its list's total while
// the table is read once for all of them.
func countPass(q *gorm.DB, group string, conds []sqlCond, amount string) ([]passGroup, error) {
	sel := []string{"COALESCE(" + group + ", '') AS pass_key", "COUNT(*) AS pass_rows"}
	var args []any
	for i, c := range conds {
		sel = append(sel, fmt.Sprintf("SUM(CASE WHEN %s THEN 1 ELSE 0 END) AS n%d", c.SQL, i))
		args = append(args, c.Args...)
		if amount != "" {
			sel = append(sel, fmt.Sprintf("CAST(COALESCE(SUM(CASE WHEN %s THEN %s ELSE 0 END), 0) AS BIGINT) AS a%d", c.SQL, amount, i),
				fmt.Sprintf("SUM(CASE WHEN %s AND %s > 0 THEN 1 ELSE 0 END) AS p%d", c.SQL, amount, i))
			args = append(args, c.Args...)
			args = append(args, c.Args...)
		}
	}
	rows, err := q.Select(strings.Join(sel, ", "), args...).Group(group).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []passGroup
	for rows.Next() {
		g := passGroup{Counts: make([]int64, len(conds))}
		dst := []any{&g.Key, &g.Rows}
		nulls := make([]sql.NullInt64, len(conds)*3)
		for i := range conds {
			dst = append(dst, &nulls[3*i])
			if amount != "" {
				dst = append(dst, &nulls[3*i+1], &nulls[3*i+2])
			}
		}
		if err := rows.Scan(dst...); err != nil {
			return nil, err
		}
		if amount != "" {
			g.Amounts, g.Priced = make([]int64, len(conds)), make([]int64, len(conds))
		}
		for i := range conds {
			g.Counts[i] = nulls[3*i].Int64
			if amount != "" {
				g.Amounts[i], g.Priced[i] = nulls[3*i+1].Int64, nulls[3*i+2].Int64
			}
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// passTotals adds the count of condition i over the groups and, with an amount, the money per
// currency (the group key) to totals: rows with no currency or no amount above zero add none.
func passTotals(groups []passGroup, i int, totals Totals) int64 {
	var n int64
	for _, g := range groups {
		n += g.Counts[i]
		if totals != nil && g.Key != "" && g.Priced[i] > 0 {
			totals.Add(Money{Amount: g.Amounts[i], Currency: g.Key})
		}
	}
	return n
}

// anyOf joins conditions with OR: a WHERE that keeps the rows any tile of a pass counts, so
// the pass reads only those (through the indexes of each condition) instead of the table.
func anyOf(conds []sqlCond) sqlCond {
	var parts []string
	var args []any
	for _, c := range conds {
		parts = append(parts, c.SQL)
		args = append(args, c.Args...)
	}
	return sqlCond{SQL: "(" + strings.Join(parts, " OR ") + ")", Args: args}
}
