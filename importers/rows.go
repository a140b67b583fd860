package importers

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"itreg/importers/fields"
	"itreg/importers/sheet"
	"itreg/models"
)

// plan is what the first look at a sheet decided: its kind, its header and its columns.
type plan struct {
	info      sheet.SheetInfo
	kind      string
	header    fields.HeaderMatch
	headerRow int   // the Excel row number of the header; 0 for a headerless sheet
	problem   error // why the sheet cannot be imported (no header, a bad mapping)
	empty     bool  // the sheet has no rows at all
	ignored   map[int]bool
	custom    []fields.Column // unknown columns kept as custom fields (devices, KeepUnknown)
	headerOf  map[string]string
	valueCols []int
	findings  []string // columns not imported because their values do not fit their field
	// unfit holds, by column index, the finding about a column left out because its values do
	// not fit; unfitField the columns as the headers had mapped them.
	unfit      map[int]string
	unfitField []fields.Column
	keepBlank  bool // an empty cell keeps the stored value (Options.KeepBlank)
}

// errorsColumns are the headers of the column the error workbook adds; it is never imported.
var errorsColumns = []string{"errors", "importerrors", "error", "importerror"}

// kindOrder is the order sheets are imported in, so references resolve: vendors and budget
// lines before the devices and licences that name them, devices before warranties.
var kindOrder = []string{fields.KindVendor, fields.KindBudgetLine, fields.KindDevice, fields.KindLicence, fields.KindWarranty}

// planSheet reads the first rows of a sheet to find its kind and header row.
func planSheet(b *sheet.Book, info sheet.SheetInfo, opt *Options) (*plan, error) {
	p := &plan{info: info, keepBlank: opt.KeepBlank}
	var head [][]sheet.Cell
	var numbers []int
	for row, err := range b.Rows(info.Index) {
		if err != nil {
			return nil, err
		}
		head = append(head, row.Cells)
		numbers = append(numbers, row.Number)
		if len(head) >= fields.HeaderScanRows {
			break
		}
	}
	if len(head) == 0 {
		p.empty = true
		return p, nil
	}
	kind := opt.Kind
	if kind == "" {
		kind = fields.DetectKindFromSheetName(info.Name)
	}
	mapping, customKeys := splitCustom(opt.sheetMapping(info.Name))
	hm, err := fields.Locate(head, kind, mapping)
	if err != nil && kind != "" && opt.Kind == "" {
		// The sheet's name suggested a kind its headers do not have: detect from the headers.
		if hm2, err2 := fields.Locate(head, "", mapping); err2 == nil {
			hm, err = hm2, nil
		}
	}
	if err != nil {
		if hm2, ok := mappedHeader(head, kind, mapping); ok {
			hm, err = hm2, hm2.Mapping.Err()
		}
	}
	if err != nil {
		p.problem = err
		p.kind = kind
		return p, nil
	}
	p.header, p.kind = hm, hm.Kind
	if hm.Row >= 0 {
		p.headerRow = numbers[hm.Row]
	}
	p.ignored = map[int]bool{}
	p.indexColumns()
	if err := p.fit(b, opt); err != nil {
		return nil, err
	}
	for _, c := range hm.Mapping.Unknown {
		key, _ := fields.NormalizeHeader(c.Header)
		if slices.Contains(errorsColumns, key) {
			p.ignored[c.Index] = true
			continue
		}
		if opt.KeepUnknown && p.kind == fields.KindDevice {
			p.custom = append(p.custom, c)
		}
	}
	if p.kind == fields.KindDevice {
		for _, c := range hm.Mapping.Columns {
			if key, _ := fields.NormalizeHeader(c.Header); c.Field == "" && (customKeys[key] || customKeys[c.Letter()]) {
				p.custom = append(p.custom, c)
			}
		}
	}
	return p, nil
}

// mappedHeader finds the header row by the explicit mapping's headers when the headers
// themselves name too few fields ({"Kit": "asset_tag"}): the first row holding at least
// half of the mapping's headers. With kind "" it takes the kind the mapping maps best.
func mappedHeader(head [][]sheet.Cell, kind string, explicit map[string]string) (fields.HeaderMatch, bool) {
	if len(explicit) == 0 {
		return fields.HeaderMatch{}, false
	}
	want := map[string]bool{}
	for k := range explicit {
		key, _ := fields.NormalizeHeader(k)
		want[key] = true
	}
	kinds := fields.Kinds
	if kind != "" {
		kinds = []string{kind}
	}
	for i, cells := range head {
		texts := make([]string, len(cells))
		hits := 0
		for j, c := range cells {
			if c.Kind == sheet.KindString {
				texts[j] = strings.TrimSpace(c.Text)
				if key, _ := fields.NormalizeHeader(texts[j]); key != "" && want[key] {
					hits++
				}
			}
		}
		if hits == 0 || hits*2 < len(want) {
			continue
		}
		best := fields.HeaderMatch{Row: -1}
		for _, k := range kinds {
			m := fields.Map(texts, k, explicit)
			if len(m.Errors) == 0 && m.Mapped() > best.Score {
				best = fields.HeaderMatch{Row: i, Kind: k, Mapping: m, Score: m.Mapped()}
			}
		}
		if best.Row < 0 && kind != "" {
			m := fields.Map(texts, kind, explicit)
			return fields.HeaderMatch{Row: i, Kind: kind, Mapping: m, Score: m.Mapped()}, true
		}
		return best, best.Row >= 0
	}
	return fields.HeaderMatch{}, false
}

// unknownHeaders lists the headers no field took, the error column excluded.
func (p *plan) unknownHeaders() []string {
	out := []string{}
	for _, c := range p.header.Mapping.Unknown {
		if !p.ignored[c.Index] {
			out = append(out, c.Header)
		}
	}
	return out
}

// ignoredColumns explains the duplicate columns the mapping left out.
func (p *plan) ignoredColumns() []string {
	out := []string{}
	for _, d := range p.header.Mapping.Duplicates {
		out = append(out, d.String())
	}
	return out
}

// columnMappings lists the mapped columns for the result.
func (p *plan) columnMappings() []ColumnMapping {
	out := []ColumnMapping{}
	for _, c := range p.header.Mapping.Columns {
		if c.Field != "" {
			h := c.Header
			if h == "" {
				h = c.Letter()
			}
			out = append(out, ColumnMapping{Header: h, Field: c.Field})
		}
	}
	return out
}

// header returns the header a field's column has in the file (its canonical header when
// the file has no such column).
func (p *plan) columnHeader(field string) string {
	if h, ok := p.headerOf[field]; ok {
		return h
	}
	if f, ok := fields.FieldByName(p.kind, field); ok {
		return f.Header
	}
	return field
}

// mapped reports whether the sheet has a column for the field.
func (p *plan) mapped(field string) bool { _, ok := p.headerOf[field]; return ok }

// keeps reports whether the row's field stays as stored: its cell is empty and the import
// keeps what empty cells would clear.
func (p *plan) keeps(r *parsed, field string) bool {
	if !p.keepBlank {
		return false
	}
	i := p.header.Mapping.Index(field)
	return i < 0 || i >= len(r.cells) || fields.IsBlank(r.cells[i])
}

// parsed is one data row read into a record of its kind, with the names it refers to.
type parsed struct {
	row  int
	rec  any // *models.Device, *models.Licence, *models.Warranty, *models.Vendor or *models.BudgetLine
	refs map[string]string
	// devices lists the asset tags or serials a warranty row covers.
	devices []string
	// warrantyEnd and warrantyMonths come from a device row's warranty columns.
	warrantyEnd    models.Date
	warrantyMonths int
	flags          []string // vendor roles from is_manufacturer/is_supplier/is_reseller
	errs           []RowError
	cells          []sheet.Cell
}

// fail records a problem with one field of the row.
func (r *parsed) fail(p *plan, field, msg string) {
	value := ""
	if i := p.header.Mapping.Index(field); i >= 0 && i < len(r.cells) {
		value = cellText(r.cells[i])
	}
	r.errs = append(r.errs, RowError{Sheet: p.info.Name, Row: r.row, Column: p.columnHeader(field), Value: value, Message: msg})
}

// cellText is a cell's value as the file shows it, for error messages.
func cellText(c sheet.Cell) string {
	if c.Kind == sheet.KindNumber || c.Kind == sheet.KindDate {
		if s, err := fields.ParseText(c, 0); err == nil {
			return s
		}
	}
	return c.Text
}

// parseRow reads one data row of a sheet into its record.
func parseRow(p *plan, opt *Options, row sheet.Row) *parsed {
	r := &parsed{row: row.Number, cells: row.Cells, refs: map[string]string{}}
	cell := func(i int) sheet.Cell {
		if i < len(row.Cells) {
			return row.Cells[i]
		}
		return sheet.Cell{}
	}
	cols := p.header.Mapping.Columns
	currency := ""
	if i := p.header.Mapping.Index("currency"); i >= 0 {
		c, err := fields.ParseCurrency(cell(i))
		if err != nil {
			r.fail(p, "currency", err.Error())
		}
		currency = c
	}
	var set func(f fields.Field, v value) error
	switch p.kind {
	case fields.KindDevice:
		set = newRecord(r, deviceColumns)
	case fields.KindLicence:
		set = newRecord(r, licenceColumns)
	case fields.KindWarranty:
		set = newRecord(r, warrantyColumns)
	case fields.KindVendor:
		set = newRecord(r, vendorColumns)
	default:
		set = newRecord(r, budgetLineColumns)
	}
	for _, col := range cols {
		if col.Field == "" || col.Field == "currency" {
			continue
		}
		f, _ := fields.FieldByName(p.kind, col.Field)
		v, err := parseValue(f, cell(col.Index), currency, opt, col.Unit)
		if err == nil {
			err = set(f, v)
		}
		if err != nil {
			r.fail(p, f.Name, err.Error())
		}
	}
	if len(p.custom) > 0 {
		d := r.rec.(*models.Device)
		for _, c := range p.custom {
			text, err := fields.ParseText(cell(c.Index), 0)
			if err != nil {
				text = cellText(cell(c.Index))
			}
			if text == "" {
				continue
			}
			if d.CustomFields == nil {
				d.CustomFields = models.JSONMap{}
			}
			d.CustomFields[c.Header] = text
		}
	}
	return r
}

// value is one parsed cell.
type value struct {
	blank bool
	text  string
	date  models.Date
	money models.Money
	num   int64
	yes   bool
	list  []string
}

// parseValue reads a cell as the field's type.
func parseValue(f fields.Field, c sheet.Cell, currency string, opt *Options, unit fields.Unit) (value, error) {
	v := value{blank: fields.IsBlank(c)}
	var err error
	switch f.Type {
	case fields.Text, fields.Ref:
		if f.Name == "notes" {
			v.text, err = fields.ParseMultiline(c, f.MaxLen)
		} else {
			v.text, err = fields.ParseText(c, f.MaxLen)
		}
		if err == nil && (f.Name == "asset_tag" || f.Name == "serial_number") {
			if ids := fields.SeveralIdentifiers(v.text); ids != nil {
				err = fmt.Errorf("holds %d values (%s): give each device its own row", len(ids), strings.Join(ids, ", "))
			} else if fields.LooksLikeNote(v.text) {
				err = fmt.Errorf("%q is a remark, not an identifier: leave the cell empty when the device has none, and put the remark in Notes", v.text)
			}
		}
		v.blank = v.text == ""
	case fields.Date:
		order := opt.DateOrder
		if unit.DateOrder != fields.DateOrderUnset {
			order = unit.DateOrder // the column's header spells its layout out
		}
		v.date, err = fields.ParseDate(c, order)
	case fields.Money:
		v.money, err = fields.ParseMoney(c, currency, opt.Currency, unit)
	case fields.Int:
		if f.Name == "seats" && fields.IsUnlimited(c) {
			v.blank = true // no seat limit: an empty seat count
		} else if f.Name == "fiscal_year" || f.Name == "budget_fiscal_year" {
			var y int
			y, err = fields.ParseFiscalYear(c)
			v.num = int64(y)
		} else {
			v.num, err = fields.ParseNonNegativeInt(c, strings.ReplaceAll(f.Name, "_", " "))
		}
	case fields.Bool:
		v.yes, err = fields.ParseBool(c)
	case fields.Enum:
		if mv, ok := opt.mappedValue(f.Name, c); ok {
			v.text = mv
		} else if opt.Categories != nil && fields.IsDeviceCategory(f) {
			v.text, err = fields.ParseCategory(c, f, opt.Categories)
		} else {
			v.text, err = parseEnum(c, f)
		}
	case fields.List:
		if f.Name == "roles" {
			v.list, err = fields.ParseRoles(c)
		} else {
			var s string
			s, err = fields.ParseText(c, f.MaxLen)
			v.list = fields.SplitList(s)
		}
	case fields.Currency:
		v.text, err = fields.ParseCurrency(c)
	}
	return v, err
}

// errNotInt is returned when an integer field does not fit.
var errNotInt = errors.New("the number is too large")

func smallInt(n int64) (int, error) {
	if n > 1<<31-1 {
		return 0, errNotInt
	}
	return int(n), nil
}

// validationErrors turns a model's Validate error into row errors naming the file's columns.
func validationErrors(p *plan, r *parsed, err error) {
	var fe *models.FieldError
	if !errors.As(err, &fe) {
		r.errs = append(r.errs, RowError{Sheet: p.info.Name, Row: r.row, Message: err.Error()})
		return
	}
	names := make([]string, 0, len(fe.Fields))
	for k := range fe.Fields {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		field := strings.TrimSuffix(k, "_id")
		if field == "custom_fields" {
			r.errs = append(r.errs, RowError{Sheet: p.info.Name, Row: r.row, Message: "a custom field: " + fe.Fields[k]})
			continue
		}
		msg := fe.Fields[k]
		if k == "asset_tag" && strings.Contains(msg, "serial") {
			r.errs = append(r.errs, RowError{Sheet: p.info.Name, Row: r.row, Column: p.columnHeader(field),
				Message: "the row has neither an asset tag nor a serial number; it needs one of them"})
			continue
		}
		r.fail(p, field, fmt.Sprintf("%s: %s", p.columnHeader(field), p.inHeaders(msg)))
	}
}

var fieldName = regexp.MustCompile(`\b[a-z]+(?:_[a-z]+)+\b`)

// inHeaders rewrites the field names a model's message mentions ("must not be before
// start_date") as the file's column headers ("must not be before "Purchase Date"").
func (p *plan) inHeaders(msg string) string {
	return fieldName.ReplaceAllStringFunc(msg, func(name string) string {
		if _, ok := fields.FieldByName(p.kind, name); !ok {
			return name
		}
		return strconv.Quote(p.columnHeader(name))
	})
}

// enumCache remembers enum cells already read: a column of statuses holds few distinct
// values, and matching synonyms is the costliest parse of a row.
var enumCache sync.Map // enumKey -> enumResult

type enumKey struct {
	enum *string // the field's Enum list, by identity (shared by all rows)
	text string
}

type enumResult struct {
	value string
	err   error
}

// enumCacheMax bounds the cache; past it, values are parsed every time.
const enumCacheMax = 10_000

var enumCacheSize atomic.Int64

// parseEnum is fields.ParseEnum through enumCache.
func parseEnum(c sheet.Cell, f fields.Field) (string, error) {
	if c.Kind != sheet.KindString || len(c.Text) > 64 || len(f.Enum) == 0 {
		return fields.ParseEnum(c, f)
	}
	k := enumKey{&f.Enum[0], c.Text}
	if r, ok := enumCache.Load(k); ok {
		res := r.(enumResult)
		return res.value, res.err
	}
	v, err := fields.ParseEnum(c, f)
	if enumCacheSize.Load() < enumCacheMax {
		enumCacheSize.Add(1)
		enumCache.Store(k, enumResult{v, err})
	}
	return v, err
}
