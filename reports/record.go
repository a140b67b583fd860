package reports

import "fmt"

// layout gives each column of a report its position, so a builder fills a row by column key
// ("auto_renew": true) rather than by counting places.
type layout struct {
	cols []Column
	at   map[string]int
}

// newLayout indexes the columns by key.
func newLayout(cols []Column) *layout {
	at := make(map[string]int, len(cols))
	for i, c := range cols {
		at[c.Key] = i
	}
	return &layout{cols: cols, at: at}
}

// field is one cell of a row under construction: the key of its column and its value.
type field struct {
	key   string
	value any
}

// col pairs a column key with the value of that column in one row.
func col(key string, value any) field { return field{key: key, value: value} }

// row returns a row whose cells are the given fields in their columns; columns not given are
// blank.
func (l *layout) row(fields ...field) Row {
	r := Row{Cells: make([]any, len(l.cols))}
	for _, f := range fields {
		l.set(&r, f.key, f.value)
	}
	return r
}

// set puts a value in the column keyed key. A key the layout lacks is a builder's
// programming error, which every report's tests reach; it panics so it cannot pass unseen.
func (l *layout) set(r *Row, key string, value any) {
	i, ok := l.at[key]
	if !ok {
		panic(fmt.Sprintf("reports: no column %q in this report", key))
	}
	r.Cells[i] = value
}
