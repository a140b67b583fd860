package importers

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"itreg/importers/fields"
	"itreg/importers/sheet"
	"itreg/models"
)

// Options says how to read and import one file.
type Options struct {
	Kind        string            // "" = detect per sheet (sheet name, then headers); else force it
	DryRun      bool              // check everything, write nothing but the run record
	SkipInvalid bool              // commit the valid rows and report the rest
	DateOrder   fields.DateOrder  // how to read ambiguous text dates such as 03/05/2024
	Currency    string            // currency of amounts that name none (ITREG_CURRENCY)
	Mapping     map[string]string // explicit header (or column letter) -> field
	// SheetMapping maps a sheet's name to the mapping of that sheet, which replaces Mapping
	// there: a workbook whose sheets hold different kinds maps each sheet by its own headers.
	SheetMapping map[string]map[string]string
	// ValueMap maps, per enum field, values of the file to the field's values
	// ({"category": {"Blade Chassis": "server"}}); ParseOptions normalises its keys as headers are.
	ValueMap    map[string]map[string]string
	KeepUnknown bool // unknown device columns kept as custom fields
	// MatchBy is the key a device row finds its stored device by: MatchAssetTag ("" too: the
	// asset tag, else manufacturer + serial) or MatchSerial (manufacturer + serial, else the tag).
	MatchBy string
	// KeepBlank makes an empty cell keep the stored value of a record it updates; by default
	// an empty cell of a mapped column clears an optional field.
	KeepBlank       bool
	Actor           string       // who runs it; audit events name "import #<id>"
	FiscalYearStart int          // the first month of the fiscal year (1-12; 0 = January)
	FiscalYear      int          // the fiscal year of budget lines that carry none; 0 = from the row's dates or today
	Limits          sheet.Limits // bounds on reading the file; zero fields take defaults
	// Profile is a profile the caller chose by name: applied when the file has all its columns,
	// otherwise reported with the missing ones. Profiles are the candidates applied
	// automatically to a file that has all of one's columns, when no profile is named.
	Profile  *Profile
	Profiles []Profile
	Progress func(done, total int)

	// Categories are the register's device categories, which a category column is read
	// against; Import loads them from the store when nil (a preview without them reads the
	// eleven built-in ones).
	Categories *models.CategorySet
}

// The keys a device row may be matched by (Options.MatchBy, option match_by).
const (
	MatchAssetTag = "asset_tag"
	MatchSerial   = "serial_number"
)

// OptionNames are the options ParseOptions reads, by the names the API's form fields have.
var OptionNames = []string{"kind", "dry_run", "skip_invalid", "date_order", "currency", "mapping", "keep_unknown", "fiscal_year", "value_map",
	"match_by", "empty_cells", "sheet_mapping"}

// ParseOptions reads import options given as text (the API's form fields, the CLI's flags)
// over base, which holds what the caller knows already (actor, default currency, fiscal year
// start, limits). An empty value leaves base's; a name ParseOptions does not know, or a bad
// value, is a *models.ParamError naming the option. kind takes a kind or a sheet name such as
// "Devices"; dry_run, skip_invalid and keep_unknown take true or false; date_order dmy, mdy or
// ymd; currency an ISO 4217 code; mapping a JSON object of header (or column letter) to field;
// sheet_mapping a JSON object of sheet name to such a mapping; fiscal_year a year; match_by
// asset_tag or serial_number; empty_cells keep or clear. The result is checked as CheckOptions
// checks it.
func ParseOptions(base Options, values map[string]string) (Options, error) {
	opt := base
	for name, s := range values {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		if err := opt.set(name, s); err != nil {
			return base, err
		}
	}
	if err := CheckOptions(opt); err != nil {
		return base, err
	}
	vm, err := normalizeValueMap(opt.ValueMap)
	if err != nil {
		return base, err
	}
	opt.ValueMap = vm
	return opt, nil
}

// set reads one option.
func (o *Options) set(name, s string) error {
	switch name {
	case "kind":
		kind := fields.CanonicalKind(s)
		if kind == "" {
			return &models.ParamError{Param: name, Message: "must be one of " + strings.Join(fields.Kinds, ", ")}
		}
		o.Kind = kind
	case "dry_run", "skip_invalid", "keep_unknown":
		b, err := strconv.ParseBool(s)
		if err != nil {
			return &models.ParamError{Param: name, Message: "must be true or false"}
		}
		*map[string]*bool{"dry_run": &o.DryRun, "skip_invalid": &o.SkipInvalid, "keep_unknown": &o.KeepUnknown}[name] = b
	case "date_order":
		order, err := fields.ParseDateOrder(s)
		if err != nil {
			return &models.ParamError{Param: name, Message: "must be dmy, mdy or ymd: the date order of text dates such as 03/05/2024"}
		}
		o.DateOrder = order
	case "currency":
		code := strings.ToUpper(s)
		if !models.ValidCurrency(code) {
			return &models.ParamError{Param: name, Message: "must be an ISO 4217 code such as GBP"}
		}
		o.Currency = code
	case "mapping":
		var m map[string]string
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			return &models.ParamError{Param: name, Message: `must be a JSON object of column header (or letter) to field, e.g. {"S/N": "serial_number"}`}
		}
		o.Mapping = m
	case "sheet_mapping":
		var sm map[string]map[string]string
		if err := json.Unmarshal([]byte(s), &sm); err != nil {
			return &models.ParamError{Param: name,
				Message: `must be a JSON object of sheet name to {column header (or letter): field}, e.g. {"Licences": {"Title": "product"}}`}
		}
		o.SheetMapping = sm
	case "value_map":
		var vm map[string]map[string]string
		if err := json.Unmarshal([]byte(s), &vm); err != nil {
			return &models.ParamError{Param: name, Message: `must be a JSON object of field to {file value: value}, e.g. {"status": {"Prod": "deployed"}}`}
		}
		o.ValueMap = vm
	case "match_by":
		key := strings.ToLower(s)
		if key != MatchAssetTag && key != MatchSerial {
			return &models.ParamError{Param: name, Message: "must be asset_tag or serial_number: the key that finds the stored device a row updates"}
		}
		o.MatchBy = key
	case "empty_cells":
		switch strings.ToLower(s) {
		case "keep":
			o.KeepBlank = true
		case "clear":
			o.KeepBlank = false
		default:
			return &models.ParamError{Param: name, Message: "must be keep or clear: what an empty cell does to the value a record has"}
		}
	case "fiscal_year":
		y, err := strconv.Atoi(s)
		if err != nil || y < 1900 || y > 9999 {
			return &models.ParamError{Param: name, Message: "must be a year such as 2026"}
		}
		o.FiscalYear = y
	default:
		return &models.ParamError{Param: name, Message: "is not an import option; use " + strings.Join(OptionNames, ", ")}
	}
	return nil
}

// CheckOptions reports wrong options (an unknown kind, a mapping to a field itreg sets itself,
// a fiscal year start that is no month) as a *models.ParamError naming the option.
func CheckOptions(opt Options) error {
	if opt.Kind != "" && fields.CanonicalKind(opt.Kind) == "" {
		return &models.ParamError{Param: "kind", Message: fmt.Sprintf("unknown kind %q; use one of %s", opt.Kind, strings.Join(fields.Kinds, ", "))}
	}
	for col, f := range opt.Mapping {
		if fields.IsSystemField(f) {
			return &models.ParamError{Param: "mapping", Message: fmt.Sprintf("sends column %q to %s, which itreg sets itself and no file may set",
				col, strings.ToLower(strings.TrimSpace(f)))}
		}
	}
	for sheetName, m := range opt.SheetMapping {
		for col, f := range m {
			if fields.IsSystemField(f) {
				return &models.ParamError{Param: "sheet_mapping", Message: fmt.Sprintf("sends column %q of sheet %q to %s, which itreg sets itself",
					col, sheetName, strings.ToLower(strings.TrimSpace(f)))}
			}
		}
	}
	if opt.MatchBy != "" && opt.MatchBy != MatchAssetTag && opt.MatchBy != MatchSerial {
		return &models.ParamError{Param: "match_by", Message: "must be asset_tag or serial_number"}
	}
	if opt.FiscalYearStart < 0 || opt.FiscalYearStart > 12 {
		return &models.ParamError{Param: "fiscal_year_start", Message: "must be a month from 1 to 12"}
	}
	return nil
}

// StoredOptions returns the JSON text a run keeps its options in (import_runs.options), for
// callers that queue a run themselves.
func StoredOptions(opt Options) string {
	run := &models.ImportRun{}
	fillRun(run, &Result{}, &opt, 0)
	return run.Options
}

// OptionsOf reads back the options a run was queued with.
func OptionsOf(run *models.ImportRun) (Options, error) {
	var so storedOptions
	if run.Options != "" {
		if err := json.Unmarshal([]byte(run.Options), &so); err != nil {
			return Options{}, fmt.Errorf("import run %d: options: %w", run.ID, err)
		}
	}
	order, err := fields.ParseDateOrder(so.DateOrder)
	if err != nil {
		return Options{}, fmt.Errorf("import run %d: %w", run.ID, err)
	}
	return Options{Kind: so.Kind, DryRun: so.DryRun, SkipInvalid: so.SkipInvalid, DateOrder: order,
		Currency: so.Currency, Mapping: so.Mapping, ValueMap: so.ValueMap, KeepUnknown: so.KeepUnknown, Actor: run.Actor,
		MatchBy: so.MatchBy, KeepBlank: so.KeepBlank, SheetMapping: so.SheetMapping,
		FiscalYearStart: so.FiscalYearStart, FiscalYear: so.FiscalYear}, nil
}

// MapCustom is the mapping target that keeps a device column as a custom field
// ({"Rack": "custom"}), whatever Options.KeepUnknown says of the other columns.
const MapCustom = "custom"

// sheetMapping is the mapping of the named sheet: its own in SheetMapping (by name, whatever
// its case), else Mapping.
func (o *Options) sheetMapping(name string) map[string]string {
	if m, ok := o.SheetMapping[name]; ok {
		return m
	}
	for k, m := range o.SheetMapping {
		if strings.EqualFold(k, name) {
			return m
		}
	}
	return o.Mapping
}

// splitCustom returns the mapping with its custom targets left unmapped ("ignore"), and the
// columns so kept: normalised headers and column letters.
func splitCustom(mapping map[string]string) (map[string]string, map[string]bool) {
	var custom map[string]bool
	out := mapping
	for col, f := range mapping {
		if !strings.EqualFold(strings.TrimSpace(f), MapCustom) {
			continue
		}
		if custom == nil {
			custom, out = map[string]bool{}, make(map[string]string, len(mapping))
			for k, v := range mapping {
				out[k] = v
			}
		}
		out[col] = "ignore"
		// A short header ("Tag") reads as a letter too: keep both, as the column is found by either.
		if i, ok := fields.ColumnIndex(col); ok {
			custom[fields.ColumnLetter(i)] = true
		}
		if key, _ := fields.NormalizeHeader(col); key != "" {
			custom[key] = true
		}
	}
	return out, custom
}

// storedOptions is how a run keeps its options (import_runs.options).
type storedOptions struct {
	Kind            string                       `json:"kind,omitempty"`
	DryRun          bool                         `json:"dry_run"`
	SkipInvalid     bool                         `json:"skip_invalid"`
	DateOrder       string                       `json:"date_order,omitempty"`
	Currency        string                       `json:"currency,omitempty"`
	Mapping         map[string]string            `json:"mapping,omitempty"`
	ValueMap        map[string]map[string]string `json:"value_map,omitempty"`
	KeepUnknown     bool                         `json:"keep_unknown"`
	MatchBy         string                       `json:"match_by,omitempty"`
	KeepBlank       bool                         `json:"keep_blank,omitempty"`
	SheetMapping    map[string]map[string]string `json:"sheet_mapping,omitempty"`
	FiscalYearStart int                          `json:"fiscal_year_start,omitempty"`
	FiscalYear      int                          `json:"fiscal_year,omitempty"`
}
