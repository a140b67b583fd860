package fields

import (
	"fmt"
	"strings"

	"itreg/importers/sheet"
	"itreg/models"
)

// IsDeviceCategory reports whether f is a device's category (not a budget line's).
func IsDeviceCategory(f Field) bool { return enumDomain(f) == "category" }

// ParseCategory reads a device's category against the register's categories: a category's
// name in any case and spacing ("UPS", "ups"), else an everyday word for one of the eleven
// built-in categories ("Notebook" is laptop, "Switch" network: see ParseEnum), read as the
// category of that name, or of that class when it was renamed. Anything else is an error
// naming the value and saying how to map or create it. With no categories (set nil) it is
// ParseEnum over the eleven. A blank cell gives "".
func ParseCategory(c sheet.Cell, f Field, set *models.CategorySet) (string, error) {
	if set == nil {
		return ParseEnum(c, f)
	}
	if IsBlank(c) {
		return "", nil
	}
	raw := trimText(foldSpace(cellText(c)))
	if cat, ok := set.Find(raw); ok {
		return cat.Name, nil
	}
	if v, ok := lookupEnum(raw, f); ok {
		if cat, ok := set.OfClass(v); ok {
			return cat.Name, nil
		}
	}
	return "", UnknownCategory(raw, set)
}

// UnknownCategory is the error of a category value that names no category.
func UnknownCategory(raw string, set *models.CategorySet) error {
	return fmt.Errorf("%q is not a category; use one of %s (or a common name such as %s), map the value to a category "+
		"(or to a new one) in the value mapping, or add the category under Admin > Categories",
		shorten(raw), strings.Join(set.Names(), ", "), enumExamples["category"])
}

// CategoryTarget checks the category a value mapping maps a file's value to: an existing
// category (any case), one of the eleven built-in ones by its word, or else the name of a new
// category the import will create. It returns the name as it will be stored, and whether it
// is new.
func CategoryTarget(to string, set *models.CategorySet) (name string, isNew bool, err error) {
	to = trimText(foldSpace(to))
	if set != nil {
		if cat, ok := set.Find(to); ok {
			return cat.Name, false, nil
		}
	}
	for _, v := range models.DeviceCategories {
		if normKey(v) == normKey(to) {
			if set == nil {
				return v, false, nil
			}
			if cat, ok := set.OfClass(v); ok {
				return cat.Name, false, nil
			}
		}
	}
	c := models.Category{Name: to, Class: models.CategoryOther, LifetimeMonths: 1}
	if verr := c.Validate(); verr != nil {
		if fe, ok := verr.(*models.FieldError); ok && fe.Fields["name"] != "" {
			return "", false, fmt.Errorf("%q cannot be a category name: %s", shorten(to), fe.Fields["name"])
		}
		return "", false, verr
	}
	return to, true, nil
}
