package importers

import (
	"fmt"
	"strconv"
	"strings"

	"itreg/models"
)

// Licences: a row's fields, its natural key (publisher + reference, else publisher + product
// + start date), how it merges into the stored licence, its export cells and the template's
// example row. The columns themselves are in fields/fields_licence.go.
// licenceColumns are a licence's fields: cell, merge and export cell each.
var licenceColumns = columns[models.Licence]{
	"product":            textCol(func(x *models.Licence) *string { return &x.Product }),
	"reference":          identCol(func(x *models.Licence) **string { return &x.Reference }),
	"type":               enumCol(func(x *models.Licence) *string { return &x.Type }),
	"metric":             enumCol(func(x *models.Licence) *string { return &x.Metric }),
	"key":                textCol(func(x *models.Licence) *string { return &x.Key }),
	"start_date":         dateCol(func(x *models.Licence) *models.Date { return &x.StartDate }),
	"end_date":           dateCol(func(x *models.Licence) *models.Date { return &x.EndDate }),
	"auto_renew":         boolCol(func(x *models.Licence) *bool { return &x.AutoRenew }),
	"notice_days":        countCol(func(x *models.Licence) *int { return &x.NoticeDays }),
	"cost":               moneyCol(func(x *models.Licence) *models.Money { return &x.Cost }),
	"billing_period":     textCol(func(x *models.Licence) *string { return &x.BillingPeriod }),
	"order_number":       textCol(func(x *models.Licence) *string { return &x.OrderNumber }),
	"publisher":          refCol(func(x *models.Licence) **int64 { return &x.PublisherID }, func(x *models.Licence) any { return vendorName(x.Publisher) }),
	"supplier":           refCol(func(x *models.Licence) **int64 { return &x.SupplierID }, func(x *models.Licence) any { return vendorName(x.Supplier) }),
	"budget_line":        refCol(func(x *models.Licence) **int64 { return &x.BudgetLineID }, func(x *models.Licence) any { return budgetCode(x.BudgetLine) }),
	"budget_fiscal_year": budgetYearCol(func(x *models.Licence) *models.BudgetLine { return x.BudgetLine }),
	"currency":           exportOnly(func(x *models.Licence) any { return currencyOf(x.Cost) }),
	"seats": {
		set: func(_ *parsed, _ string, l *models.Licence, v value) error {
			if !v.blank {
				n := v.num
				l.Seats = &n
			}
			return nil
		},
		merge: func(p *plan, name string, stored, in *models.Licence) { applyIf(p, name, &stored.Seats, in.Seats) },
		value: func(l *models.Licence) any { return optInt(l.Seats) },
	},
	"notes": textCol(func(x *models.Licence) *string { return &x.Notes }),
}

// mergeLicence applies the mapped fields of the file's licence to a copy of the stored one.
func mergeLicence(p *plan, r *parsed, stored, in *models.Licence) *models.Licence {
	m := *stored
	licenceColumns.merge(p, r, &m, in)
	return &m
}

// licenceDefaults fills what a new licence needs and the file did not say.
func licenceDefaults(l *models.Licence) {
	if l.Type == "" {
		l.Type = "subscription"
	}
	if l.Metric == "" {
		l.Metric = "per_user"
	}
	if l.BillingPeriod == "" && !l.Cost.IsZero() {
		l.BillingPeriod = "annual"
	}
}

// licenceExample is the template's example licence.
func licenceExample() map[string]any {
	return map[string]any{
		"product": textCell("Microsoft 365 E3"), "publisher": textCell("Microsoft"), "supplier": textCell("Dell"),
		"reference": textCell("AGR-2026-17"), "type": textCell("subscription"), "metric": textCell("per_user"),
		"seats": intCell(50), "start_date": dateCell(models.NewDate(2026, 1, 1)), "end_date": dateCell(models.NewDate(2026, 12, 31)),
		"auto_renew": boolCell(true), "notice_days": intCell(30), "cost": moneyCell{Amount: 1380000, Currency: "GBP"},
		"currency": textCell("GBP"), "billing_period": textCell("annual"), "budget_line": textCell("IT-HW"),
		"budget_fiscal_year": intCell(2026), "order_number": textCell("PO-2026-002"), "notes": textCell("Renews every January"),
	}
}

// licenceKey is a licence's natural key: publisher + reference, else publisher + product +
// start date. The publisher is whatever names it where the key is used: the lower-case name a
// row gives (duplicates within a file) or the stored vendor's id (matching stored licences).
func licenceKey(publisher string, l *models.Licence) string {
	if l.Reference != nil {
		return "ref\x00" + publisher + "\x00" + *l.Reference
	}
	return "product\x00" + publisher + "\x00" + strings.ToLower(l.Product) + "\x00" + l.StartDate.String()
}

// storedLicenceKey is licenceKey with the publisher named by its id.
func storedLicenceKey(l *models.Licence) string {
	return licenceKey(strconv.FormatInt(ptrID(l.PublisherID), 10), l)
}

// licenceBatch writes one batch of licence rows.
type licenceBatch struct {
	s      *session
	p      *plan
	stored map[string]*models.Licence // by storedLicenceKey
}

func (b *licenceBatch) load(rows []*parsed) error {
	var refs, products []string
	for _, r := range rows {
		l := r.rec.(*models.Licence)
		if l.Reference != nil {
			refs = append(refs, *l.Reference)
		} else if l.Product != "" {
			products = append(products, l.Product)
		}
	}
	byRef, err := b.s.tx.FindLicencesByReferences(b.s.ctx, refs)
	if err != nil {
		return err
	}
	byProduct, err := b.s.tx.FindLicencesByProducts(b.s.ctx, products)
	if err != nil {
		return err
	}
	b.stored = map[string]*models.Licence{}
	for _, l := range append(byRef, byProduct...) {
		b.stored[storedLicenceKey(&l)] = &l
	}
	return nil
}

func (b *licenceBatch) match(r *parsed, in *models.Licence) (stored, merged *models.Licence) {
	s, p := b.s, b.p
	if prev, dup := s.seenKey("licence", licenceKey(strings.ToLower(r.refs["publisher"]), in), p, r.row); dup {
		col := "reference"
		if in.Reference == nil {
			col = "product"
		}
		r.fail(p, col, fmt.Sprintf("the same licence (publisher and %s) is also in %s", col, prev))
		return nil, nil
	}
	in.PublisherID = s.vendorID(p, r, "publisher")
	in.SupplierID = s.vendorID(p, r, "supplier")
	stored = b.stored[storedLicenceKey(in)]
	var current *int64
	if stored != nil {
		current = stored.BudgetLineID
	}
	in.BudgetLineID = s.budgetLineID(p, r, in.StartDate, current)
	if stored == nil {
		licenceDefaults(in)
		return nil, in
	}
	return stored, mergeLicence(p, r, stored, in)
}

func (b *licenceBatch) written(*written[models.Licence]) error { return nil }
