package importers

import (
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

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
		return writeRecords(ctx, x, name, fs, nil, st.ListVendors, models.VendorFilter{}, vendorValue, nil)
	case fields.KindBudgetLine:
		return writeRecords(ctx, x, name, fs, nil, st.ListBudgetLines, models.BudgetLineFilter{}, budgetLineValue, nil)
	case fields.KindLicence:
		return writeRecords(ctx, x, name, fs, nil, st.ListLicences, models.LicenceFilter{}, licenceValue, nil)
	case fields.KindDevice:
		custom, err := customFieldNames(ctx, st)
		if err != nil {
			return err
		}
		return writeRecords(ctx, x, name, fs, custom, st.ListDevices, models.DeviceFilter{}, deviceValue,
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
// its asset tag, or its serial number when it has none.
func exportWarranties(ctx context.Context, st *models.Store, x *workbook, name string, fs []fields.Field) error {
	sw, err := x.sheet(name, headersOf(fs, nil), fieldWidths(fs, nil))
	if err != nil {
		return err
	}
	row := make([]any, len(fs))
	err = eachPage(ctx, st.ListWarranties, models.WarrantyFilter{}, func(items []models.Warranty) error {
		ids := make([]int64, len(items))
		for i := range items {
			ids[i] = items[i].ID
		}
		covered, err := st.CoveredDevicesFor(ctx, ids, math.MaxInt32)
		if err != nil {
			return err
		}
		for i := range items {
			w := &items[i]
			for j, f := range fs {
				if f.Name == "devices" {
					row[j] = x.cell(deviceNames(covered[w.ID].Devices))
					continue
				}
				row[j] = x.cell(warrantyValue(w, f.Name))
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

func vendorValue(v *models.Vendor, field string) any {
	switch field {
	case "name":
		return textCell(v.Name)
	case "roles":
		return textCell(strings.Join(v.Roles, ", "))
	case "website":
		return textCell(v.Website)
	case "support_email":
		return textCell(v.SupportEmail)
	case "support_phone":
		return textCell(v.SupportPhone)
	case "account_number":
		return textCell(v.AccountNumber)
	case "notes":
		return textCell(v.Notes)
	}
	return nil
}

func budgetLineValue(b *models.BudgetLine, field string) any {
	switch field {
	case "code":
		return textCell(b.Code)
	case "name":
		return textCell(b.Name)
	case "fiscal_year":
		return intCell(b.FiscalYear)
	case "category":
		return textCell(b.Category)
	case "cost_centre":
		return textCell(b.CostCentre)
	case "owner":
		return textCell(b.Owner)
	case "allocated":
		return moneyCell(b.Allocated)
	case "currency":
		return currencyOf(b.Allocated)
	case "notes":
		return textCell(b.Notes)
	}
	return nil
}

func deviceValue(d *models.Device, field string) any {
	switch field {
	case "asset_tag":
		return textCell(models.Str(d.AssetTag))
	case "serial_number":
		return textCell(models.Str(d.SerialNumber))
	case "hostname":
		return textCell(d.Hostname)
	case "category":
		return textCell(d.Category)
	case "manufacturer":
		return vendorName(d.Manufacturer)
	case "model":
		return textCell(d.Model)
	case "status":
		return textCell(d.Status)
	case "assigned_to":
		return textCell(d.AssignedTo)
	case "department":
		return textCell(d.Department)
	case "cost_centre":
		return textCell(d.CostCentre)
	case "location":
		return textCell(d.Location)
	case "purchase_date":
		return dateCell(d.PurchaseDate)
	case "purchase_cost":
		return moneyCell(d.PurchaseCost)
	case "currency":
		return currencyOf(d.PurchaseCost)
	case "supplier":
		return vendorName(d.Supplier)
	case "order_number":
		return textCell(d.OrderNumber)
	case "invoice_number":
		return textCell(d.InvoiceNumber)
	case "budget_line":
		return budgetCode(d.BudgetLine)
	case "budget_fiscal_year":
		return budgetYear(d.BudgetLine)
	case "lifetime_months":
		return optInt(d.LifetimeMonths)
	case "eol_date":
		return dateCell(d.EOLDate)
	case "notes":
		return textCell(d.Notes)
	}
	return nil
}

func licenceValue(l *models.Licence, field string) any {
	switch field {
	case "product":
		return textCell(l.Product)
	case "publisher":
		return vendorName(l.Publisher)
	case "supplier":
		return vendorName(l.Supplier)
	case "reference":
		return textCell(models.Str(l.Reference))
	case "type":
		return textCell(l.Type)
	case "metric":
		return textCell(l.Metric)
	case "seats":
		return optInt(l.Seats)
	case "key":
		return textCell(l.Key)
	case "start_date":
		return dateCell(l.StartDate)
	case "end_date":
		return dateCell(l.EndDate)
	case "auto_renew":
		return boolCell(l.AutoRenew)
	case "notice_days":
		return intCell(l.NoticeDays)
	case "cost":
		return moneyCell(l.Cost)
	case "currency":
		return currencyOf(l.Cost)
	case "billing_period":
		return textCell(l.BillingPeriod)
	case "budget_line":
		return budgetCode(l.BudgetLine)
	case "budget_fiscal_year":
		return budgetYear(l.BudgetLine)
	case "order_number":
		return textCell(l.OrderNumber)
	case "notes":
		return textCell(l.Notes)
	}
	return nil
}

func warrantyValue(w *models.Warranty, field string) any {
	switch field {
	case "provider":
		return vendorName(w.Provider)
	case "kind":
		return textCell(w.Kind)
	case "reference":
		return textCell(models.Str(w.Reference))
	case "service_level":
		return textCell(w.ServiceLevel)
	case "start_date":
		return dateCell(w.StartDate)
	case "end_date":
		return dateCell(w.EndDate)
	case "cost":
		return moneyCell(w.Cost)
	case "currency":
		return currencyOf(w.Cost)
	case "budget_line":
		return budgetCode(w.BudgetLine)
	case "budget_fiscal_year":
		return budgetYear(w.BudgetLine)
	case "auto_renew":
		return boolCell(w.AutoRenew)
	case "notice_days":
		return intCell(w.NoticeDays)
	case "notes":
		return textCell(w.Notes)
	}
	return nil
}

// workbook is an XLSX file being written sheet by sheet with excelize's stream writer, with
// the styles every itreg workbook uses.
type workbook struct {
	f      *excelize.File
	sheets int
	header int         // bold, shaded header cells
	date   int         // yyyy-mm-dd date cells
	money  map[int]int // amount cells by the currency's minor-unit scale
	// shown holds number formats that show a currency ("[$€]#,##0.00"), by the currency as
	// the original file's format showed it, so an error workbook keeps what the file said.
	shown map[string]int
}

// shownCurrency returns a style whose number format shows the currency symbol or code sym.
func (x *workbook) shownCurrency(sym string) (int, error) {
	if id, ok := x.shown[sym]; ok {
		return id, nil
	}
	code := "[$" + strings.NewReplacer("]", "", "[", "", "-", "").Replace(sym) + "]#,##0.00"
	id, err := x.f.NewStyle(&excelize.Style{CustomNumFmt: &code})
	if err != nil {
		return 0, err
	}
	if x.shown == nil {
		x.shown = map[string]int{}
	}
	x.shown[sym] = id
	return id, nil
}

func newWorkbook() (*workbook, error) {
	x := &workbook{f: excelize.NewFile(), money: map[int]int{}}
	var err error
	if x.header, err = x.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}}); err != nil {
		return nil, err
	}
	fmtDate := "yyyy-mm-dd"
	if x.date, err = x.f.NewStyle(&excelize.Style{CustomNumFmt: &fmtDate}); err != nil {
		return nil, err
	}
	return x, nil
}

// sheetWriter streams the rows of one sheet.
type sheetWriter struct {
	*excelize.StreamWriter
	rows int
}

// row appends a row, with the row options given, such as a height.
func (sw *sheetWriter) row(values []any, opts ...excelize.RowOpts) error {
	sw.rows++
	cell, err := excelize.CoordinatesToCellName(1, sw.rows)
	if err != nil {
		return err
	}
	return sw.SetRow(cell, values, opts...)
}

// sheet starts a streamed sheet with a frozen header row and the given column widths; the
// first sheet replaces Sheet1. With no headers the sheet starts empty and unfrozen.
func (x *workbook) sheet(name string, headers []string, widths []float64) (*sheetWriter, error) {
	if x.sheets == 0 {
		if err := x.f.SetSheetName("Sheet1", name); err != nil {
			return nil, err
		}
	} else if _, err := x.f.NewSheet(name); err != nil {
		return nil, err
	}
	x.sheets++
	s, err := x.f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	sw := &sheetWriter{StreamWriter: s}
	if err := setColWidths(sw.SetColWidth, widths); err != nil {
		return nil, err
	}
	if len(headers) == 0 {
		return sw, nil
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	return sw, sw.row(x.headerRow(headers))
}

// setColWidths sets the width of each column through a stream writer's or a file's
// SetColWidth, from column 1 on.
func setColWidths(set func(minVal, maxVal int, width float64) error, widths []float64) error {
	for i, w := range widths {
		if err := set(i+1, i+1, w); err != nil {
			return err
		}
	}
	return nil
}

// headerRow styles header texts as header cells.
func (x *workbook) headerRow(headers []string) []any {
	row := make([]any, len(headers))
	for i, h := range headers {
		row[i] = excelize.Cell{StyleID: x.header, Value: h}
	}
	return row
}

// finish makes the first sheet the active one.
func (x *workbook) finish() error {
	x.f.SetActiveSheet(0)
	return nil
}

// cell turns a value function's result into what the stream writer takes.
func (x *workbook) cell(v any) any {
	switch v := v.(type) {
	case nil:
		return nil
	case textCell:
		if v == "" {
			return nil
		}
		return string(v)
	case dateCell:
		if models.Date(v).IsZero() {
			return nil
		}
		return excelize.Cell{StyleID: x.date, Value: models.Date(v).Time()}
	case moneyCell:
		m := models.Money(v)
		if m.IsZero() {
			return nil
		}
		amount, _ := strconv.ParseFloat(m.Decimal(), 64)
		return excelize.Cell{StyleID: x.moneyStyle(models.CurrencyScale(m.Currency)), Value: amount}
	case intCell:
		return int64(v)
	case boolCell:
		if v {
			return "Yes"
		}
		return "No"
	}
	return v
}

// moneyStyle returns the style of amounts with scale decimals, making it on first use.
func (x *workbook) moneyStyle(scale int) int {
	if id, ok := x.money[scale]; ok {
		return id
	}
	code := "#,##0"
	if scale > 0 {
		code += "." + strings.Repeat("0", scale)
	}
	id, err := x.f.NewStyle(&excelize.Style{CustomNumFmt: &code})
	if err != nil {
		id = 0 // an unstyled number still imports as the same amount
	}
	x.money[scale] = id
	return id
}
