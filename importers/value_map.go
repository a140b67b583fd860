package importers

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"itreg/importers/fields"
	"itreg/importers/sheet"
	"itreg/models"
)

// enumField returns the enum field named name in any kind (status, category, licence_type,
// metric, kind, billing_period...), the first kind that has it.
func enumField(name string) (fields.Field, bool) {
	for _, k := range fields.Kinds {
		if f, ok := fields.FieldByName(k, name); ok && f.Type == fields.Enum {
			return f, true
		}
	}
	return fields.Field{}, false
}

// normalizeValueMap checks a value mapping and returns it with its file values normalised as
// headers are (case, spacing and punctuation ignored) and its targets as the field's values.
// A field that is not an enum, or a target that is not one of its values, is a
// *models.FieldError naming them (422).
func normalizeValueMap(vm map[string]map[string]string) (map[string]map[string]string, error) {
	if len(vm) == 0 {
		return nil, nil
	}
	out := make(map[string]map[string]string, len(vm))
	fe := &models.FieldError{Fields: map[string]string{}}
	names := make([]string, 0, len(vm))
	for name := range vm {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		f, ok := enumField(name)
		if !ok {
			fe.Add("value_map", fmt.Sprintf("%q is not a field with a fixed list of values; use one of %s", name, strings.Join(enumFieldNames(), ", ")))
			continue
		}
		m := map[string]string{}
		for from, to := range vm[name] {
			if fields.IsDeviceCategory(f) {
				// A category may be a new one, which the import creates (and the dry run lists).
				v, _, err := fields.CategoryTarget(to, nil)
				if err != nil {
					fe.Add("value_map", fmt.Sprintf("maps category %q to %s", from, err.Error()))
				} else if k, _ := fields.NormalizeHeader(from); k != "" {
					m[k] = v
				}
				continue
			}
			v, err := fields.ParseEnum(sheet.Cell{Kind: sheet.KindString, Text: to}, f)
			if err != nil || v == "" {
				fe.Add("value_map", fmt.Sprintf("maps %s %q to %q, which is not a %s; use one of %s",
					name, from, to, strings.ReplaceAll(name, "_", " "), strings.Join(f.Enum, ", ")))
				continue
			}
			if k, _ := fields.NormalizeHeader(from); k != "" {
				m[k] = v
			}
		}
		out[name] = m
	}
	if len(fe.Fields) > 0 {
		return nil, fe
	}
	return out, nil
}

// enumFieldNames lists the enum fields of every kind, once each.
func enumFieldNames() []string {
	var out []string
	for _, k := range fields.Kinds {
		for _, f := range fields.Fields(k) {
			if f.Type == fields.Enum && !slices.Contains(out, f.Name) {
				out = append(out, f.Name)
			}
		}
	}
	return out
}

// mappedValue returns the value the value mapping gives a cell of field, if it names the cell's value.
func (o *Options) mappedValue(field string, c sheet.Cell) (string, bool) {
	m := o.ValueMap[field]
	if len(m) == 0 || fields.IsBlank(c) {
		return "", false
	}
	k, _ := fields.NormalizeHeader(c.Text)
	v, ok := m[k]
	return v, ok
}
