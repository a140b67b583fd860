package web

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"itreg/models"
)

// formParser reads typed values out of a record form, collecting every value that does not
// parse as a field error (the store's checks then never see a half-read record).
type formParser struct {
	vals interface{ Get(string) string }
	errs models.FieldError
}

func (p *formParser) text(name string) string { return strings.TrimSpace(p.vals.Get(name)) }

func (p *formParser) date(name string) models.Date {
	s := p.text(name)
	if s == "" {
		return models.Date{}
	}
	d, err := models.ParseDate(s)
	if err != nil {
		p.errs.Add(name, "is not a date (YYYY-MM-DD)")
	}
	return d
}

// money reads the amount input name and the currency input name+"_currency"; an empty
// amount is no amount.
func (p *formParser) money(name string) models.Money {
	amount := strings.ReplaceAll(p.text(name), ",", "")
	if amount == "" {
		return models.Money{}
	}
	m, err := models.ParseMoney(amount, strings.ToUpper(p.text(name+"_currency")))
	if err != nil {
		p.errs.Add(name, "is not an amount in that currency ("+err.Error()+")")
	}
	return m
}

// ref reads a reference select: empty is none.
func (p *formParser) ref(name string) *int64 {
	s := p.text(name)
	if s == "" {
		return nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 1 {
		p.errs.Add(name, "is not a record of the list")
		return nil
	}
	return &id
}

func (p *formParser) intPtr(name string) *int {
	s := p.text(name)
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		p.errs.Add(name, "is not a whole number")
		return nil
	}
	return &n
}

func (p *formParser) int64Ptr(name string) *int64 {
	n := p.intPtr(name)
	if n == nil {
		return nil
	}
	v := int64(*n)
	return &v
}

func (p *formParser) integer(name string) int {
	if n := p.intPtr(name); n != nil {
		return *n
	}
	return 0
}

func (p *formParser) boolean(name string) bool { return p.text(name) == "yes" }

func (p *formParser) err() error { return p.errs.OrNil() }

// Form value writers: the inverse of the parser, for filling a form from a record.

func refValue(id *int64) string {
	if id == nil {
		return ""
	}
	return strconv.FormatInt(*id, 10)
}

func intValue[N int | int64](n *N) string {
	if n == nil {
		return ""
	}
	return fmt.Sprint(*n)
}

// moneyValue is the amount input's text (the currency goes in its own input).
func moneyValue(m models.Money) string {
	if m.IsZero() {
		return ""
	}
	return m.Decimal()
}

// currencyOf is the currency input's text: the amount's, else the register's default.
func (a *App) currencyOf(m models.Money) string {
	if m.IsZero() {
		return a.cfg.Currency
	}
	return m.Currency
}

// enumChoices makes select choices of an enum, labelled in words ("in_stock" as "In stock").
func enumChoices(values []string, blank string) []string {
	var out []string
	if blank != "" {
		out = append(out, "", blank)
	}
	for _, v := range values {
		out = append(out, v, enumLabel(v))
	}
	return out
}

// enumLabel shows an enum value in words.
func enumLabel(v string) string {
	if v == "" {
		return ""
	}
	s := strings.ReplaceAll(v, "_", " ")
	switch v {
	case "av":
		return "AV"
	case "capex", "opex":
		return strings.ToUpper(v)
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// vendorChoices lists the vendors as select choices, "none" first.
func (a *App) vendorChoices(ctx context.Context) ([]string, error) {
	res, err := a.store.ListVendors(ctx, models.VendorFilter{Page: models.Page{Limit: 1000, Sort: "name"}})
	if err != nil {
		return nil, err
	}
	out := []string{"", "None"}
	for _, v := range res.Items {
		out = append(out, strconv.FormatInt(v.ID, 10), v.Name)
	}
	return out, nil
}

// budgetLineChoices lists the budget lines as select choices, newest fiscal year first.
func (a *App) budgetLineChoices(ctx context.Context) ([]string, error) {
	res, err := a.store.ListBudgetLines(ctx, models.BudgetLineFilter{Page: models.Page{Limit: 1000}})
	if err != nil {
		return nil, err
	}
	lines := res.Items
	sort.SliceStable(lines, func(i, j int) bool {
		if lines[i].FiscalYear != lines[j].FiscalYear {
			return lines[i].FiscalYear > lines[j].FiscalYear
		}
		return lines[i].Code < lines[j].Code
	})
	out := []string{"", "None"}
	for _, b := range lines {
		out = append(out, strconv.FormatInt(b.ID, 10), fmt.Sprintf("%s (FY %d) %s", b.Code, b.FiscalYear, b.Name))
	}
	return out, nil
}

// currencySpec is the currency input that goes with a money field.
func currencySpec(name, label string) fieldSpec {
	return fieldSpec{Name: name + "_currency", Label: label + " currency", Type: "text", Hint: "ISO 4217 code, e.g. GBP"}
}

// historyRow is one audit event as the History tab shows it.
type historyRow struct {
	At, Actor, Action string
	Changes           []historyChange
}

// historyChange is one field's old and new values.
type historyChange struct{ Field, Old, New string }

// history reads the record's audit trail, newest first (the latest 100 events).
func (a *App) history(ctx context.Context, entity string, id int64) ([]historyRow, error) {
	res, err := a.store.ListAuditEvents(ctx, models.AuditFilter{Entity: entity, EntityID: id, Page: models.Page{Limit: 100}})
	if err != nil {
		return nil, err
	}
	rows := make([]historyRow, 0, len(res.Items))
	for _, ev := range res.Items {
		r := historyRow{At: stamp(ev.At), Actor: ev.Actor, Action: enumLabel(ev.Action)}
		changes := ev.Changes.Bounded(models.MaxShownListItems)
		for _, f := range changes.Fields() {
			ch := changes[f]
			r.Changes = append(r.Changes, historyChange{enumLabel(f), auditText(ch.Old), auditText(ch.New)})
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// auditText shows one audited value: numbers without a decimal point, lists joined by commas,
// and a list cut short by Changes.Bounded as its length and first items.
func auditText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case float64:
		if v == float64(int64(v)) {
			return strconv.FormatInt(int64(v), 10)
		}
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = auditText(x)
		}
		return strings.Join(parts, ", ")
	case map[string]any:
		if n, ok := v["count"].(int); ok {
			return fmt.Sprintf("%s and %d more", auditText(v["first"]), n-reflect.ValueOf(v["first"]).Len())
		}
	}
	return fmt.Sprint(v)
}

// day shows a civil date to a person ("31 Mar 2027"), or "" when unset.
func day(d models.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("2 Jan 2006")
}

// overBy is how many more seats a licence has assigned than bought.
func overBy(l *models.Licence) int64 {
	if l.Seats == nil {
		return 0
	}
	return l.SeatsUsed - *l.Seats
}
