package importers

import (
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"itreg/importers/fields"
	"itreg/models"
)

// ExportOptions says what Export writes.
type ExportOptions struct {
	// Kinds limits the export to these kinds (fields.KindDevice ...); empty means every kind.
	Kinds []string
}

// exportPage is how many records Export reads per query.
const exportPage = 1000

// sheetNames names the sheet of each kind in an export or template, in the order a workbook
// lists them: referenced records (vendors, budget lines) before the records that name them.
var sheetNames = []struct{ kind, name string }{
	{fields.KindVendor, "Vendors"},
	{fields.KindBudgetLine, "Budget Lines"},
	{fields.KindDevice, "Devices"},
	{fields.KindLicence, "Licences"},
	{fields.KindWarranty, "Warranties"},
}

// notExported are fields the importer reads but the register does not store as such: the
// vendor role flags (the Roles column says the same) and a device's warranty shortcut columns
// (warranties have their own sheet).
var notExported = map[string][]string{
	fields.KindVendor: {"is_manufacturer", "is_supplier", "is_reseller"},
	fields.KindDevice: {"warranty_end", "warranty_months"},
}

// exportFields returns the fields of a kind an export or template writes, in the importer's order.
func exportFields(kind string) []fields.Field {
	var out []fields.Field
	for _, f := range fields.Fields(kind) {
		if !slices.Contains(notExported[kind], f.Name) {
			out = append(out, f)
		}
	}
	return out
}

// Export writes the whole register as one XLSX workbook: a sheet per kind with the importer's
// canonical headers, so that importing the file back reports every row unchanged. Dates are
// date cells, amounts are numbers with the currency in the Currency column, yes/no fields read
// Yes or No, lists are joined with ", " and a device's custom fields follow its fields as extra
// columns (import with keep_unknown to keep them). Licence keys are included: the file is as
// secret as the register. Records are read a page at a time and rows are streamed to w.
func Export(ctx context.Context, st *models.Store, w io.Writer, opt ExportOptions) error {
	x, err := newWorkbook()
	if err != nil {
		return err
	}
	defer x.f.Close()
	for _, s := range sheetNames {
		if len(opt.Kinds) > 0 && !slices.Contains(opt.Kinds, s.kind) {
			continue
		}
		if err := exportKind(ctx, st, x, s.kind, s.name); err != nil {
			return fmt.Errorf("export %s: %w", s.name, err)
		}
	}
	if err := x.finish(); err != nil {
		return err
	}
	_, err = x.f.WriteTo(w)
	return err
}

// exportKind writes the sheet of one kind.
func exportKind(ctx context.Context, st *models.Store, x *workbook, kind, name string) error {
	fs := exportFields(kind)
	switch kind {
	case fields.KindVendor:
		return writeRecords(ctx, x, name, fs, nil, st.ListVendors, models.VendorFilter{}, vendorColumns.cell, nil)
	case fields.KindBudgetLine:
		return writeRecords(ctx, x, name, fs, nil, st.ListBudgetLines, models.BudgetLineFilter{}, budgetLineColumns.cell, nil)
	case fields.KindLicence:
		return writeRecords(ctx, x, name, fs, nil, st.ListLicences, models.LicenceFilter{}, licenceColumns.cell, nil)
	case fields.KindDevice:
		custom, err := customFieldNames(ctx, st)
		if err != nil {
			return err
		}
		return writeRecords(ctx, x, name, fs, custom, st.ListDevices, models.DeviceFilter{}, deviceColumns.cell,
			func(d *models.Device, key string) any { return textCell(d.CustomFields[key]) })
	case fields.KindWarranty:
		return exportWarranties(ctx, st, x, name, fs)
	}
	return fmt.Errorf("unknown kind %q", kind)
}

// pagedList is a store list method.
type pagedList[T, F any] func(ctx context.Context, f F) (models.ListResult[T], error)

// withPage sets the page of a filter; every store filter embeds models.Page.
func withPage[F any](f F, p models.Page) F {
	switch v := any(&f).(type) {
	case *models.VendorFilter:
		v.Page = p
	case *models.BudgetLineFilter:
		v.Page = p
	case *models.DeviceFilter:
		v.Page = p
	case *models.LicenceFilter:
		v.Page = p
	case *models.WarrantyFilter:
		v.Page = p
	}
	return f
}

// eachPage calls fn with every page of a list, in id order.
func eachPage[T, F any](ctx context.Context, list pagedList[T, F], filter F, fn func([]T) error) error {
	page := models.Page{Limit: exportPage}
	for {
		res, err := list(ctx, withPage(filter, page))
		if err != nil {
			return err
		}
		if err := fn(res.Items); err != nil {
			return err
		}
		if res.Next == "" || len(res.Items) == 0 {
			return nil
		}
		page.Cursor = res.Next
	}
}

// writeRecords writes a sheet: the headers of fs and of the extra columns, then one row per record.
func writeRecords[T, F any](ctx context.Context, x *workbook, name string, fs []fields.Field, extra []string,
	list pagedList[T, F], filter F, value func(*T, string) any, extraValue func(*T, string) any) error {
	sw, err := x.sheet(name, headersOf(fs, extra), fieldWidths(fs, extra))
	if err != nil {
		return err
	}
	row := make([]any, len(fs)+len(extra))
	err = eachPage(ctx, list, filter, func(items []T) error {
		for i := range items {
			for j, f := range fs {
				row[j] = x.cell(value(&items[i], f.Name))
			}
			for j, key := range extra {
				row[len(fs)+j] = x.cell(extraValue(&items[i], key))
			}
			if err := sw.row(row); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return sw.Flush()
}

// exportWarranties writes the warranties sheet; the Devices column names each covered device by
// its asset tag, or its serial number when it has none. Each page of warranties loads the
// devices it covers before its rows are written.
func exportWarranties(ctx context.Context, st *models.Store, x *workbook, name string, fs []fields.Field) error {
	var covered map[int64]models.CoveredDevices
	list := func(ctx context.Context, f models.WarrantyFilter) (models.ListResult[models.Warranty], error) {
		res, err := st.ListWarranties(ctx, f)
		if err != nil {
			return res, err
		}
		ids := make([]int64, len(res.Items))
		for i := range res.Items {
			ids[i] = res.Items[i].ID
		}
		covered, err = st.CoveredDevicesFor(ctx, ids, math.MaxInt32)
		return res, err
	}
	value := func(w *models.Warranty, field string) any {
		if field == "devices" {
			return deviceNames(covered[w.ID].Devices)
		}
		return warrantyColumns.cell(w, field)
	}
	return writeRecords(ctx, x, name, fs, nil, list, models.WarrantyFilter{}, value, nil)
}

// deviceNames joins the names of covered devices as the importer's Devices column reads them.
func deviceNames(ds []models.DeviceRef) string {
	names := make([]string, 0, len(ds))
	for _, d := range ds {
		if d.AssetTag != "" {
			names = append(names, d.AssetTag)
		} else if d.SerialNumber != "" {
			names = append(names, d.SerialNumber)
		}
	}
	return strings.Join(names, ", ")
}

// customFieldNames returns the custom field names any device uses, sorted.
func customFieldNames(ctx context.Context, st *models.Store) ([]string, error) {
	seen := map[string]bool{}
	err := eachPage(ctx, st.ListDevices, models.DeviceFilter{}, func(ds []models.Device) error {
		for i := range ds {
			for k := range ds[i].CustomFields {
				seen[k] = true
			}
		}
		return nil
	})
	names := make([]string, 0, len(seen))
	for k := range seen {
		names = append(names, k)
	}
	sort.Strings(names)
	return names, err
}

func headersOf(fs []fields.Field, extra []string) []string {
	out := make([]string, 0, len(fs)+len(extra))
	for _, f := range fs {
		out = append(out, f.Header)
	}
	return append(out, extra...)
}

// Column widths of export and template sheets, in characters.
const (
	minColumnWidth  = 10 // minColumnWidth fits a date or a short code.
	textColumnWidth = 22 // textColumnWidth fits a typical name or hostname.
	listColumnWidth = 30 // listColumnWidth fits a few values joined with ", ".
	noteColumnWidth = 40 // noteColumnWidth fits a line of notes.
)

// fieldWidths returns the width of each column of a sheet of fs followed by extra columns:
// wide enough for the bold header, and for the values the field's type usually holds.
func fieldWidths(fs []fields.Field, extra []string) []float64 {
	out := make([]float64, 0, len(fs)+len(extra))
	for _, f := range fs {
		typical := map[fields.FieldType]int{
			fields.Date: 12, fields.Money: 14, fields.Currency: minColumnWidth, fields.Int: minColumnWidth,
			fields.Bool: minColumnWidth, fields.Enum: 16, fields.Ref: textColumnWidth, fields.List: listColumnWidth,
		}[f.Type]
		if f.Type == fields.Text {
			typical = textColumnWidth
			if f.Name == "notes" {
				typical = noteColumnWidth
			}
		}
		out = append(out, headerWidth(f.Header, typical))
	}
	for _, h := range extra {
		out = append(out, headerWidth(h, textColumnWidth))
	}
	return out
}

// headerWidth returns the larger of a column's typical width and what its bold header needs.
func headerWidth(header string, typical int) float64 {
	return float64(max(minColumnWidth, typical, utf8.RuneCountInString(header)+3))
}

// The cell values the value functions return, turned into cells by workbook.cell.
type (
	textCell  string
	dateCell  models.Date
	moneyCell models.Money
	intCell   int64
	boolCell  bool
)

// currencyOf is the Currency column of a row: the currency of its amount, if any.
func currencyOf(m models.Money) any { return textCell(m.Currency) }

func optInt[T int | int64](p *T) any {
	if p == nil {
		return nil
	}
	return intCell(*p)
}

func vendorName(v *models.Vendor) any {
	if v == nil {
		return nil
	}
	return textCell(v.Name)
}

func budgetCode(b *models.BudgetLine) any {
	if b == nil {
		return nil
	}
	return textCell(b.Code)
}

// budgetYear is the fiscal year of a record's budget line, so that a re-import links the
// same line whatever the record's dates.
func budgetYear(b *models.BudgetLine) any {
	if b == nil {
		return nil
	}
	return intCell(b.FiscalYear)
}
