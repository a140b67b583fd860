// Package fields knows what a spreadsheet column means and how to read its values.
//
// It defines, for each kind of record itreg imports (device, licence, warranty, vendor,
// budget line), the ordered list of fields with their canonical headers and the synonyms
// found in real files (Snipe-IT and ServiceNow exports, vendor warranty exports, home-made
// registers). It finds the header row of a sheet, maps columns to fields, and parses cell
// values (dates, money, integers, booleans, enumerations, text and lists) into domain
// values, with error messages a person can act on.
//
// Everything here is a pure function: no database, no file IO, and no panics on any input.
package fields
