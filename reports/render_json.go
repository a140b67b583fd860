package reports

import (
	"bufio"
	"encoding/json"
	"io"
	"math"
	"strconv"
	"time"
)

// RenderJSON writes the table as one JSON object, streamed row by row:
//
//	{"report": "renewals", "title": "...", "generated_at": "2026-11-22T09:00:00Z",
//	 "parameters": {"as_of": "2026-11-22"},
//	 "columns": [{"key": "end_date", "title": "End date", "type": "date"}],
//	 "rows": [{"end_date": "2027-01-31", "cost": {"amount": "1234.50", "currency": "GBP"},
//	           "_subtotal": true, "_flag": "overdue"}],
//	 "totals": {"cost": [{"amount": "1234.50", "currency": "GBP"}]},
//	 "notes": []}
//
// Row keys follow column order. Blank cells are null; dates are "YYYY-MM-DD"; money is the
// models.Money JSON object; integers are numbers; percentages are the fraction as a number
// (0.25 for 25%) rounded to 6 decimals; "_subtotal" and "_flag" appear only when set.
// "totals" has one entry per money column, its per-currency sums over non-subtotal rows.
// If the rows fail midway, the output stops there and is not valid JSON, so a client
// cannot mistake a partial report for a whole one.
func RenderJSON(w io.Writer, t *Table) error {
	if err := t.validate(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	j := jsonWriter{w: bw}
	j.raw(`{"report":`)
	j.value(t.Name)
	j.raw(`,"title":`)
	j.value(t.Title)
	j.raw(`,"generated_at":`)
	j.value(t.generatedAt().Format(time.RFC3339))
	j.raw(`,"parameters":{`)
	for i, p := range t.Params {
		j.sep(i)
		j.value(p.Name)
		j.raw(":")
		j.value(p.Value)
	}
	j.raw(`},"columns":[`)
	for i, c := range t.Columns {
		j.sep(i)
		j.raw(`{"key":`)
		j.value(c.Key)
		j.raw(`,"title":`)
		j.value(c.Title)
		j.raw(`,"type":`)
		j.value(c.Type.String())
		j.raw("}")
	}
	j.raw(`],"rows":[`)
	if j.err != nil {
		return j.err
	}
	// Row keys are the same on every row: encode them once.
	j.keys = make([]string, len(t.Columns))
	for i, c := range t.Columns {
		k, err := json.Marshal(c.Key)
		if err != nil {
			return err
		}
		j.keys[i] = string(k) + ":"
	}
	tot := newTotaler(t.Columns)
	n := 0
	for r, err := range t.rows() {
		if err != nil {
			_ = bw.Flush()
			return err
		}
		tot.add(r)
		j.sep(n)
		n++
		j.row(t.Columns, r)
		if j.err != nil {
			return j.err
		}
	}
	j.raw(`],"totals":{`)
	for k, i := range tot.idx {
		j.sep(k)
		j.value(t.Columns[i].Key)
		j.raw(":[")
		for m, v := range tot.column(i) {
			j.sep(m)
			j.value(v)
		}
		j.raw("]")
	}
	j.raw(`},"notes":[`)
	for i, note := range t.Notes {
		j.sep(i)
		j.value(note)
	}
	j.raw("]}\n")
	if j.err != nil {
		return j.err
	}
	return bw.Flush()
}

// jsonWriter writes JSON by hand where order matters and encoding/json where values are
// encoded; it keeps the first error so callers check once.
type jsonWriter struct {
	w    *bufio.Writer
	err  error
	buf  []byte
	keys []string // keys holds each column's encoded key and colon, for rows.
}

// raw writes literal JSON punctuation.
func (j *jsonWriter) raw(s string) {
	if j.err == nil {
		_, j.err = j.w.WriteString(s)
	}
}

// bytes writes literal JSON held in a scratch buffer, which it keeps for reuse.
func (j *jsonWriter) bytes(b []byte) {
	j.buf = b
	if j.err == nil {
		_, j.err = j.w.Write(b)
	}
}

// sep writes the comma before every element but the first.
func (j *jsonWriter) sep(i int) {
	if i > 0 {
		j.raw(",")
	}
}

// value writes v encoded by encoding/json.
func (j *jsonWriter) value(v any) {
	if j.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		j.err = err
		return
	}
	_, j.err = j.w.Write(b)
}

// row writes one row object, keys in column order.
func (j *jsonWriter) row(cols []Column, r Row) {
	j.raw("{")
	for i := range cols {
		j.sep(i)
		j.raw(j.keys[i])
		j.cell(cellAt(cols, r.Cells, i))
	}
	if r.Subtotal {
		j.raw(`,"_subtotal":true`)
	}
	if r.Flag != "" {
		j.raw(`,"_flag":`)
		j.value(r.Flag)
	}
	j.raw("}")
}

// cell writes one cell value.
func (j *jsonWriter) cell(c cell) {
	switch c.kind {
	case kindText:
		j.value(c.text)
	case kindDate:
		j.value(c.date.String())
	case kindMoney:
		j.value(c.money)
	case kindInt:
		j.bytes(strconv.AppendInt(j.buf[:0], c.i, 10))
	case kindPercent:
		f := c.f
		if math.Abs(f) < 1e9 {
			f = math.Round(f*1e6) / 1e6
		}
		j.bytes(strconv.AppendFloat(j.buf[:0], f, 'g', -1, 64))
	case kindBool:
		j.raw(strconv.FormatBool(c.b))
	default:
		j.raw("null")
	}
}
