package importers

import (
	"strconv"

	"itreg/importers/fields"

	"itreg/models"
)

// column is one field of a kind, said once: how a parsed cell sets it (in the record, or in
// the row for what the batch resolves later), how the file's value merges over the stored
// record's, and its export cell. A kind's file holds its table; adding a column is one entry.
type column[T any] struct {
	set   func(r *parsed, name string, rec *T, v value) error // nil: nothing to keep (Currency)
	merge func(p *plan, name string, stored, in *T)           // nil for a key, which a match never changes
	value func(rec *T) any                                    // nil: no export cell of its own
}

// columns are a kind's plain fields by name.
type columns[T any] map[string]column[T]

// set puts one parsed cell of a row into the record or the row's references.
func (cs columns[T]) set(r *parsed, rec *T, name string, v value) error {
	if c, ok := cs[name]; ok && c.set != nil {
		return c.set(r, name, rec, v)
	}
	return nil
}

// newRecord gives a row a fresh record of the kind and returns the setter of its cells.
func newRecord[T any](r *parsed, cs columns[T]) func(f fields.Field, v value) error {
	rec := new(T)
	r.rec = rec
	return func(f fields.Field, v value) error { return cs.set(r, rec, f.Name, v) }
}

// merge applies the mapped plain fields of in over stored, but for the empty cells the import
// keeps.
func (cs columns[T]) merge(p *plan, r *parsed, stored, in *T) {
	for name, c := range cs {
		if c.merge != nil && !p.keeps(r, name) {
			c.merge(p, name, stored, in)
		}
	}
}

// cell is the export cell of one field of a record.
func (cs columns[T]) cell(rec *T, name string) any {
	if c, ok := cs[name]; ok && c.value != nil {
		return c.value(rec)
	}
	return nil
}

// key marks a column that identifies the record: set and exported, never merged.
func (c column[T]) key() column[T] {
	c.merge = nil
	return c
}

// plain builds a column from where the field lives, how a cell becomes its value and how the
// value becomes a cell; a blank or unmapped cell overwrites nothing it should not (applyIf).
func plain[T, V any](at func(*T) *V, parse func(value) (V, error), cell func(V) any) column[T] {
	return column[T]{
		set: func(_ *parsed, _ string, rec *T, v value) error {
			x, err := parse(v)
			if err != nil {
				return err
			}
			*at(rec) = x
			return nil
		},
		merge: func(p *plan, name string, stored, in *T) { applyIf(p, name, at(stored), *at(in)) },
		value: func(rec *T) any { return cell(*at(rec)) },
	}
}

func textCol[T any](at func(*T) *string) column[T] {
	return plain(at, func(v value) (string, error) { return v.text, nil }, func(s string) any { return textCell(s) })
}

// enumCol is a text column a record needs: a blank cell keeps the stored value.
func enumCol[T any](at func(*T) *string) column[T] {
	c := textCol(at)
	c.merge = func(p *plan, name string, stored, in *T) { applyEnum(p, name, at(stored), *at(in)) }
	return c
}

// identCol is an identifier, nil when blank; a blank cell keeps the stored value.
func identCol[T any](at func(*T) **string) column[T] {
	c := plain(at, func(v value) (*string, error) { return models.StrPtr(v.text), nil },
		func(s *string) any { return textCell(models.Str(s)) })
	c.merge = func(p *plan, name string, stored, in *T) { applyIdent(p, name, at(stored), *at(in)) }
	return c
}

func dateCol[T any](at func(*T) *models.Date) column[T] {
	return plain(at, func(v value) (models.Date, error) { return v.date, nil }, func(d models.Date) any { return dateCell(d) })
}

func moneyCol[T any](at func(*T) *models.Money) column[T] {
	return plain(at, func(v value) (models.Money, error) { return v.money, nil }, func(m models.Money) any { return moneyCell(m) })
}

func boolCol[T any](at func(*T) *bool) column[T] {
	return plain(at, func(v value) (bool, error) { return v.yes, nil }, func(b bool) any { return boolCell(b) })
}

// countCol is a small whole number (days, a year).
func countCol[T any](at func(*T) *int) column[T] {
	return plain(at, func(v value) (int, error) { return smallInt(v.num) }, func(n int) any { return intCell(n) })
}

// setRef keeps a cell that names another record (a vendor, a budget line and its fiscal
// year) for resolving once the batch's references are loaded.
func setRef(r *parsed, name string, v value) {
	if name == "budget_fiscal_year" {
		if !v.blank {
			r.refs[name] = strconv.FormatInt(v.num, 10)
		}
		return
	}
	r.refs[name] = v.text
}

// refCol is a cell naming another record (a vendor, a budget line): kept in the row's
// references until the batch resolves it, merged as the resolved id, exported by name.
func refCol[T any](id func(*T) **int64, cell func(*T) any) column[T] {
	return column[T]{
		set:   keepRef[T],
		merge: func(p *plan, name string, stored, in *T) { applyIf(p, name, id(stored), *id(in)) },
		value: cell,
	}
}

// budgetYearCol is the fiscal year that picks a budget line by code; the line is merged.
func budgetYearCol[T any](line func(*T) *models.BudgetLine) column[T] {
	return column[T]{set: keepRef[T], value: func(rec *T) any { return budgetYear(line(rec)) }}
}

func keepRef[T any](r *parsed, name string, _ *T, v value) error {
	setRef(r, name, v)
	return nil
}

// exportOnly is a column the export writes but a row's record does not keep (Currency,
// which parsing reads into the amounts).
func exportOnly[T any](cell func(*T) any) column[T] { return column[T]{value: cell} }
