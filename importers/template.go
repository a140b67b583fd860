package importers

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"itreg/importers/fields"
)

// templateRows is how many rows of each sheet the template's drop-down lists cover.
const templateRows = 5000

// ReadMeSheet names the template's sheet of instructions.
const ReadMeSheet = "Read me"

// templateExample is the example row of a kind, by field. The rows refer to each other (the
// device's manufacturer is the example vendor, the warranty covers the example device), so the
// template imports cleanly as it is.
func templateExample(kind string) map[string]any {
	switch kind {
	case fields.KindVendor:
		return vendorExample()
	case fields.KindBudgetLine:
		return budgetLineExample()
	case fields.KindDevice:
		return deviceExample()
	case fields.KindLicence:
		return licenceExample()
	}
	return warrantyExample()
}

// readMe is the text of the template's "Read me" sheet, one line per row.
var readMe = []string{
	"itreg import template",
	"",
	"Each sheet holds one kind of record: Vendors, Budget Lines, Devices, Licences and Warranties.",
	"Keep the header row; replace the example row with your own rows. Columns you do not use may be left empty or deleted.",
	"Columns with a drop-down list accept only the values listed (the importer also understands common synonyms such as \"In use\" for deployed).",
	"Dates: enter real dates, or text as YYYY-MM-DD. For text dates such as 03/05/2026 choose the date order (day-first or month-first) when importing.",
	"Amounts: numbers, with the currency code (GBP, EUR, USD ...) in the Currency column; an empty Currency uses the register's default.",
	"Yes/No columns accept Yes, No, Y, N, True, False, 1 and 0.",
	"Manufacturers, suppliers, publishers and providers are vendors named by their name; vendors that do not exist yet are created.",
	"Budget Line columns name a budget line by its code. A warranty's Devices column lists asset tags (or serial numbers), separated by commas.",
	"Rows are matched to existing records by their natural key (a device by asset tag, else manufacturer and serial number), so importing the same " +
		"file twice changes nothing.",
	"Run a dry run first: it checks every row and writes nothing. Rows with problems come back in an error workbook with an Errors column; fix them " +
		"there and upload that file.",
}

// WriteTemplate writes an import template: a sheet per kind with the importer's canonical
// headers and one example row, drop-down lists on the enum columns (and Yes/No on the yes/no
// columns) for the first rows, and a "Read me" sheet, which is the sheet Excel opens on. The
// template is small, so it is written with excelize's cell API (the stream writer cannot
// carry data validations).
func WriteTemplate(w io.Writer) error {
	x, err := newWorkbook()
	if err != nil {
		return err
	}
	defer x.f.Close()
	for i, s := range sheetNames {
		fs := exportFields(s.kind)
		if err := x.plainSheet(i == 0, s.name, x.headerRow(headersOf(fs, nil)), fieldWidths(fs, nil)); err != nil {
			return err
		}
		if err := x.f.SetPanes(s.name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		values := templateExample(s.kind)
		example := make([]any, len(fs))
		for i, f := range fs {
			example[i] = x.cell(values[f.Name])
			if err := x.dropDown(s.name, i, f); err != nil {
				return err
			}
		}
		if err := x.setRow(s.name, 2, example); err != nil {
			return err
		}
	}
	if err := x.plainSheet(false, ReadMeSheet, []any{excelize.Cell{StyleID: x.header, Value: readMe[0]}}, []float64{howToFixWidth}); err != nil {
		return err
	}
	wrap, err := x.f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	for i, line := range readMe[1:] {
		if err := x.f.SetCellStr(ReadMeSheet, "A"+strconv.Itoa(i+2), line); err != nil {
			return err
		}
		if err := x.f.SetRowHeight(ReadMeSheet, i+2, wrappedHeight(line, howToFixWidth)); err != nil {
			return err
		}
	}
	if err := x.f.SetCellStyle(ReadMeSheet, "A2", "A"+strconv.Itoa(len(readMe)), wrap); err != nil {
		return err
	}
	idx, err := x.f.GetSheetIndex(ReadMeSheet)
	if err != nil {
		return err
	}
	x.f.SetActiveSheet(idx)
	_, err = x.f.WriteTo(w)
	return err
}

// plainSheet adds a sheet written with the cell API (the first one replaces Sheet1), sets its
// column widths and writes its first row.
func (x *workbook) plainSheet(first bool, name string, row []any, widths []float64) error {
	if first {
		if err := x.f.SetSheetName("Sheet1", name); err != nil {
			return err
		}
	} else if _, err := x.f.NewSheet(name); err != nil {
		return err
	}
	err := setColWidths(func(minVal, maxVal int, width float64) error {
		from, err := excelize.ColumnNumberToName(minVal)
		if err != nil {
			return err
		}
		to, err := excelize.ColumnNumberToName(maxVal)
		if err != nil {
			return err
		}
		return x.f.SetColWidth(name, from, to, width)
	}, widths)
	if err != nil {
		return err
	}
	return x.setRow(name, 1, row)
}

// setRow writes a row of cell values (as workbook.cell makes them) with the cell API.
func (x *workbook) setRow(sheetName string, row int, values []any) error {
	for i, v := range values {
		cell, err := excelize.CoordinatesToCellName(i+1, row)
		if err != nil {
			return err
		}
		style := 0
		if c, ok := v.(excelize.Cell); ok {
			v, style = c.Value, c.StyleID
		}
		if v == nil {
			continue
		}
		if err := x.f.SetCellValue(sheetName, cell, v); err != nil {
			return err
		}
		if style != 0 {
			if err := x.f.SetCellStyle(sheetName, cell, cell, style); err != nil {
				return err
			}
		}
	}
	return nil
}

// dropDown adds the drop-down list of an enum or yes/no field in column i (0-based) for the
// first templateRows rows below the header.
func (x *workbook) dropDown(sheetName string, i int, f fields.Field) error {
	values := f.Enum
	switch {
	case f.Type == fields.Bool:
		values = []string{"Yes", "No"}
	case f.Type != fields.Enum:
		return nil
	}
	col, err := excelize.ColumnNumberToName(i + 1)
	if err != nil {
		return err
	}
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(fmt.Sprintf("%s2:%s%d", col, col, templateRows+1))
	if err := dv.SetDropList(values); err != nil {
		return fmt.Errorf("drop-down list %s!%s: %w", sheetName, col, err)
	}
	if fields.IsDeviceCategory(f) {
		// The register may have categories of its own, and an import can create more: the
		// built-in ones are suggestions, and another name asks before it is kept.
		dv.SetError(excelize.DataValidationErrorStyleWarning, "Not a built-in category",
			"The import accepts any category of the register, or one its value mapping creates.")
		return x.f.AddDataValidation(sheetName, dv)
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, "Not in the list", "Choose one of: "+strings.Join(values, ", "))
	return x.f.AddDataValidation(sheetName, dv)
}
