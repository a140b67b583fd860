package fields

import (
	"slices"
	"strings"
)

// The kinds of record a sheet can hold.
const (
	KindDevice     = "device"
	KindLicence    = "licence"
	KindWarranty   = "warranty"
	KindVendor     = "vendor"
	KindBudgetLine = "budget_line"
)

// Kinds lists every kind in the order header detection prefers on a tie.
var Kinds = []string{KindDevice, KindLicence, KindWarranty, KindVendor, KindBudgetLine}

// FieldType says how a field's values are read.
type FieldType uint8

// The field types.
const (
	Text     FieldType = iota // free text (ParseText; notes use ParseMultiline)
	Date                      // a civil date (ParseDate)
	Money                     // an amount (ParseMoney)
	Currency                  // an ISO 4217 code (ParseCurrency)
	Int                       // a whole number (ParseInt)
	Bool                      // yes or no (ParseBool)
	Enum                      // one of Field.Enum (ParseEnum)
	Ref                       // a vendor named by its name (ParseText)
	List                      // several values in one cell (SplitList)
)

// String returns the type's lower-case name.
func (t FieldType) String() string {
	names := []string{"text", "date", "money", "currency", "int", "bool", "enum", "ref", "list"}
	if int(t) < len(names) {
		return names[t]
	}
	return "unknown"
}

// Field describes one importable field of a kind.
type Field struct {
	Name     string    // snake_case domain name, e.g. "serial_number"
	Header   string    // the canonical header itreg's export and template write, e.g. "Serial Number"
	Type     FieldType // how values are read
	Enum     []string  // the accepted values of an Enum or enum List field
	Required bool      // a row without it is rejected
	MaxLen   int       // the maximum length in runes of a text value; 0 for no limit
	Synonyms []string  // other headers meaning this field, matched after NormalizeHeader
	Key      bool      // a header naming it is strong evidence of the kind (header detection)
}

// Fields returns the ordered fields of a kind, or nil for an unknown kind.
// The slice is shared: callers must not modify it.
func Fields(kind string) []Field {
	switch kind {
	case KindDevice:
		return deviceFields
	case KindLicence:
		return licenceFields
	case KindWarranty:
		return warrantyFields
	case KindVendor:
		return vendorFields
	case KindBudgetLine:
		return budgetLineFields
	}
	return nil
}

// FieldByName returns the field of a kind with this domain name.
func FieldByName(kind, name string) (Field, bool) {
	for _, f := range Fields(kind) {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// FieldNames returns the domain names of a kind's fields in order.
func FieldNames(kind string) []string {
	fs := Fields(kind)
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Name
	}
	return out
}

// systemFields are set by itreg and may never come from a file.
var systemFields = []string{"id", "version", "created_at", "updated_at"}

// IsSystemField reports whether name is a field itreg sets itself (id, version, timestamps).
func IsSystemField(name string) bool {
	return slices.Contains(systemFields, strings.ToLower(strings.TrimSpace(name)))
}

// sheetNames maps normalised sheet names to kinds.
var sheetNames = map[string]string{
	"device": KindDevice, "devices": KindDevice, "hardware": KindDevice, "asset": KindDevice,
	"assets": KindDevice, "inventory": KindDevice, "hardwareassets": KindDevice,
	"assetregister": KindDevice, "equipment": KindDevice,
	"license": KindLicence, "licenses": KindLicence, "software": KindLicence,
	"softwarelicenses": KindLicence, "subscriptions": KindLicence,
	"warranty": KindWarranty, "warranties": KindWarranty, "contract": KindWarranty,
	"contracts": KindWarranty, "support": KindWarranty, "supportcontracts": KindWarranty,
	"maintenance": KindWarranty,
	"vendor":      KindVendor, "vendors": KindVendor, "supplier": KindVendor, "suppliers": KindVendor,
	"manufacturer": KindVendor, "manufacturers": KindVendor,
	"budget": KindBudgetLine, "budgets": KindBudgetLine, "budgetline": KindBudgetLine,
	"budgetlines": KindBudgetLine,
}

// sheetNameStems are looked for inside longer sheet names ("Hardware Inventory 2024",
// "Software Licences FY25"), in this order, so "Software Assets" is a licence sheet and
// "Hardware Support" a warranty sheet.
var sheetNameStems = []struct{ stem, kind string }{
	{"licens", KindLicence}, {"software", KindLicence}, {"subscription", KindLicence},
	{"warrant", KindWarranty}, {"contract", KindWarranty}, {"support", KindWarranty}, {"maintenance", KindWarranty},
	{"vendor", KindVendor}, {"supplier", KindVendor}, {"manufacturer", KindVendor},
	{"budget", KindBudgetLine},
	{"device", KindDevice}, {"hardware", KindDevice}, {"asset", KindDevice}, {"inventory", KindDevice},
	{"equipment", KindDevice},
}

// DetectKindFromSheetName returns the kind a sheet's name announces ("Devices", "Licenses",
// "Support Contracts", "Budget Lines", "Hardware Inventory 2024"), or "" when the name says
// nothing ("Sheet1", "Page 1").
func DetectKindFromSheetName(name string) string {
	key := normKey(name)
	if k, ok := sheetNames[key]; ok {
		return k
	}
	for _, s := range sheetNameStems {
		if strings.Contains(key, s.stem) {
			return s.kind
		}
	}
	return ""
}

// CanonicalKind reads a kind written as a user would: singular or plural, any case, or a sheet
// name that announces one ("device", "Devices", "DEVICE", "Licences", "budget lines"). It
// returns "" when s names no kind.
func CanonicalKind(s string) string {
	if slices.Contains(Kinds, s) {
		return s
	}
	return DetectKindFromSheetName(s)
}
