// Package fields knows what a spreadsheet column means and how to read its values.
//
// It defines, for each kind of record itreg imports (device, licence, warranty, vendor,
// budget line), the ordered list of fields with their canonical headers and the synonyms
// found in real files (Snipe-IT and ServiceNow exports, vendor warranty exports, home-made
// registers, Japanese registers). It finds the header row of a sheet (FindHeader, Locate),
// maps columns to fields (Map), and parses cell values into domain values (ParseDate,
// ParseMoney, ParseInt, ParseBool, ParseEnum, ParseText, SplitList), with error messages a
// person can act on.
//
// Everything here is a pure function: no database, no file IO, and no panics on any input.
//
// Conventions shared by the parsers:
//   - A blank cell (empty, an Excel error such as #N/A, or a placeholder listed at
//     IsPlaceholder) gives the zero value and no error; use IsBlank to tell "not given" from
//     false or 0.
//   - Errors quote the value and say what to do, e.g.
//     `ambiguous date "03/05/2024": set the date order (day-first or month-first)`.
//     The caller adds the sheet, row and column.
//   - Text longer than 100 bytes is never read as a date, amount or number.
//
// Choices made where real files disagree:
//   - Two-digit years 00-69 are 2000-2069 and 70-99 are 1970-1999 (Excel's rule).
//   - Number cells are rounded half away from zero to the currency's minor unit, silently
//     (12.580000000000002 is 12.58: the extra digits are floating-point artefacts). Typed
//     amounts are not: trailing zeros go ("2499.9900" is 2499.99), but a typed "0.125" for
//     GBP is an error asking to round it ("1.299 €" is more likely 1299 than 1.30).
//   - A single "." in an amount is a decimal point ("66.843"); a single "," followed by
//     exactly three digits groups thousands ("1,234"), otherwise it is a decimal comma.
//   - ServiceNow install_status codes: 1 deployed, 2 ordered, 3 in_repair, 4 (pending
//     install) in_stock, 5 (pending repair) in_repair, 6 in_stock, 7 retired, 8 lost,
//     9 (in transit) ordered, 10 (consumed) retired, 11 (build) in_stock, 100 (absent) lost.
//   - An unknown status, category or other enum word is an error listing the accepted
//     values; nothing is filed under "other" silently. ServiceNow's model categories
//     "Computer" and "Hardware" are desktop and other.
//   - Snipe-IT's "Item Name" is the device's hostname; "Company" and ServiceNow's
//     "Display name" are left unmapped (custom fields when asked).
//   - When two columns mean one field, the first keeps it and the other is reported.
package fields
