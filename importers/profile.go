package importers

import (
	"encoding/json"
	"fmt"
	"strings"

	"itreg/importers/fields"
	"itreg/importers/sheet"
	"itreg/models"
)

// Profile is a saved way of reading one tool's export: the headers it was made from and the
// options to use (mapping, value mapping, date order, currency, keep unknown, kind).
type Profile struct {
	ID      int64                        `json:"id"`
	Version int64                        `json:"version"`
	Name    string                       `json:"name"`
	Kind    string                       `json:"kind"`
	Columns []string                     `json:"columns"` // the headers a file must have for the profile to apply
	Mapping map[string]string            `json:"mapping"`
	Values  map[string]map[string]string `json:"value_map"`
	// DateOrder is dmy, mdy or ymd; "" leaves it to the file.
	DateOrder   string `json:"date_order"`
	Currency    string `json:"currency"`
	KeepUnknown bool   `json:"keep_unknown"`
	// MatchBy and KeepBlank are Options.MatchBy and Options.KeepBlank.
	MatchBy   string `json:"match_by,omitempty"`
	KeepBlank bool   `json:"keep_blank,omitempty"`
	// SheetMapping is Options.SheetMapping: the mappings of a workbook's sheets by name.
	SheetMapping map[string]map[string]string `json:"sheet_mapping,omitempty"`
	Notes        string                       `json:"notes"`
}

// profileOptions is how a profile keeps its options (import_profiles.options).
type profileOptions struct {
	Mapping     map[string]string            `json:"mapping,omitempty"`
	ValueMap    map[string]map[string]string `json:"value_map,omitempty"`
	DateOrder   string                       `json:"date_order,omitempty"`
	Currency    string                       `json:"currency,omitempty"`
	KeepUnknown bool                         `json:"keep_unknown,omitempty"`
	MatchBy     string                       `json:"match_by,omitempty"`
	KeepBlank   bool                         `json:"keep_blank,omitempty"`
	SheetMap    map[string]map[string]string `json:"sheet_mapping,omitempty"`
}

// ProfileRecord checks a profile and returns it as the store keeps it. A bad kind, mapping,
// date order, currency or a value mapping to an unknown value is an error naming it.
func ProfileRecord(p Profile) (*models.ImportProfile, error) {
	kind := ""
	if p.Kind != "" {
		if kind = fields.CanonicalKind(p.Kind); kind == "" {
			return nil, &models.FieldError{Fields: map[string]string{"kind": "must be one of " + strings.Join(fields.Kinds, ", ")}}
		}
	}
	opt := Options{Kind: kind, Mapping: p.Mapping, ValueMap: p.Values, Currency: strings.ToUpper(p.Currency), MatchBy: p.MatchBy,
		SheetMapping: p.SheetMapping}
	if p.DateOrder != "" {
		o, err := fields.ParseDateOrder(p.DateOrder)
		if err != nil {
			return nil, &models.FieldError{Fields: map[string]string{"date_order": "must be dmy, mdy or ymd"}}
		}
		opt.DateOrder = o
	}
	if opt.Currency != "" && !models.ValidCurrency(opt.Currency) {
		return nil, &models.FieldError{Fields: map[string]string{"currency": "must be an ISO 4217 code such as GBP"}}
	}
	if err := CheckOptions(opt); err != nil {
		return nil, err
	}
	if _, err := normalizeValueMap(p.Values); err != nil {
		return nil, err
	}
	if len(p.Columns) == 0 {
		return nil, &models.FieldError{Fields: map[string]string{"columns": "required: the headers of the file the profile reads"}}
	}
	cols, _ := json.Marshal(p.Columns)
	o, _ := json.Marshal(profileOptions{Mapping: p.Mapping, ValueMap: p.Values, DateOrder: p.DateOrder, Currency: opt.Currency,
		KeepUnknown: p.KeepUnknown, MatchBy: p.MatchBy, KeepBlank: p.KeepBlank, SheetMap: p.SheetMapping})
	return &models.ImportProfile{ID: p.ID, Version: p.Version, Name: p.Name, Kind: kind, Columns: string(cols), Options: string(o), Notes: p.Notes}, nil
}

// ProfileOf reads a stored profile back.
func ProfileOf(r models.ImportProfile) (Profile, error) {
	p := Profile{ID: r.ID, Version: r.Version, Name: r.Name, Kind: r.Kind, Notes: r.Notes}
	var o profileOptions
	if err := json.Unmarshal([]byte(r.Columns), &p.Columns); err != nil {
		return p, fmt.Errorf("import profile %d: columns: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.Options), &o); err != nil {
		return p, fmt.Errorf("import profile %d: options: %w", r.ID, err)
	}
	p.Mapping, p.Values, p.DateOrder, p.Currency, p.KeepUnknown = o.Mapping, o.ValueMap, o.DateOrder, o.Currency, o.KeepUnknown
	p.MatchBy, p.KeepBlank, p.SheetMapping = o.MatchBy, o.KeepBlank, o.SheetMap
	return p, nil
}

// ProfileUse says which profile a preview or import used, or which it could not use.
type ProfileUse struct {
	Name    string   `json:"name"`
	Applied bool     `json:"applied"`
	Missing []string `json:"missing,omitempty"` // the profile's columns the file lacks
	Message string   `json:"message"`           // "using profile Snipe-IT monthly export"
}

// missingColumns lists the profile's columns that no header of the file has (compared as
// headers are: case, spacing and punctuation ignored).
func (p Profile) missingColumns(headers map[string]bool) []string {
	var out []string
	for _, c := range p.Columns {
		if k, _ := fields.NormalizeHeader(c); k != "" && !headers[k] {
			out = append(out, c)
		}
	}
	return out
}

// chooseProfile picks the profile for a file whose header rows hold headers: the one named
// (applied only when none of its columns is missing), else the first candidate whose columns
// the file all has.
func chooseProfile(named *Profile, candidates []Profile, headers map[string]bool) (*Profile, *ProfileUse) {
	if named != nil {
		if miss := named.missingColumns(headers); len(miss) > 0 {
			return nil, &ProfileUse{Name: named.Name, Missing: miss, Message: fmt.Sprintf(
				"profile %s was not applied: the file has no column %s; check the mapping, then save the profile again",
				named.Name, strings.Join(quoteAll(miss), ", "))}
		}
		return named, &ProfileUse{Name: named.Name, Applied: true, Message: "using profile " + named.Name}
	}
	for i := range candidates {
		if len(candidates[i].Columns) > 0 && len(candidates[i].missingColumns(headers)) == 0 {
			return &candidates[i], &ProfileUse{Name: candidates[i].Name, Applied: true, Message: "using profile " + candidates[i].Name}
		}
	}
	return nil, nil
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

// withProfile returns opt with the profile's choices for what opt leaves open: an explicit
// mapping, value mapping or option of the caller wins over the profile's.
func withProfile(opt Options, p *Profile) (Options, error) {
	if p == nil {
		return opt, nil
	}
	if opt.Kind == "" {
		opt.Kind = fields.CanonicalKind(p.Kind)
	}
	if opt.Mapping == nil && opt.SheetMapping == nil {
		opt.Mapping, opt.SheetMapping = p.Mapping, p.SheetMapping
	}
	if opt.ValueMap == nil {
		vm, err := normalizeValueMap(p.Values)
		if err != nil {
			return opt, err
		}
		opt.ValueMap = vm
	}
	if opt.DateOrder == fields.DateOrderUnset && p.DateOrder != "" {
		if o, err := fields.ParseDateOrder(p.DateOrder); err == nil {
			opt.DateOrder = o
		}
	}
	if p.Currency != "" {
		opt.Currency = p.Currency // the export's own currency, over the configured default
	}
	opt.KeepUnknown = opt.KeepUnknown || p.KeepUnknown
	if opt.MatchBy == "" {
		opt.MatchBy = p.MatchBy
	}
	opt.KeepBlank = opt.KeepBlank || p.KeepBlank
	return opt, nil
}

// applyProfile finds the profile for the file (opt.Profile by name, else the first of
// opt.Profiles whose columns the file has) among the texts of the first rows of every sheet, and
// returns the options with the profile's choices and what was used.
func applyProfile(book *sheet.Book, opt Options) (Options, *ProfileUse, error) {
	if opt.Profile == nil && len(opt.Profiles) == 0 {
		return opt, nil, nil
	}
	headers := map[string]bool{}
	for _, info := range book.Sheets {
		n := 0
		for row, err := range book.Rows(info.Index) {
			if err != nil {
				return opt, nil, err
			}
			for _, c := range row.Cells {
				if c.Kind == sheet.KindString {
					if k, _ := fields.NormalizeHeader(c.Text); k != "" {
						headers[k] = true
					}
				}
			}
			if n++; n >= fields.HeaderScanRows {
				break
			}
		}
	}
	p, use := chooseProfile(opt.Profile, opt.Profiles, headers)
	opt, err := withProfile(opt, p)
	return opt, use, err
}
