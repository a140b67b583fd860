package importers

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"itreg/importers/fields"
	"itreg/models"
)

// templateRows is how many rows of each sheet the template's drop-down lists cover.
const templateRows = 5000

// ReadMeSheet names the template's sheet of instructions.
const ReadMeSheet = "Read me"

// templateExamples is one example row per kind, by field; the rows refer to each other (the
// device's manufacturer is the example vendor, the warranty covers the example device), so the
// template imports cleanly as it is.
var templateExamples = map[string]map[string]any{
	fields.KindVendor: {
		"name": textCell("Dell"), "roles": textCell("manufacturer, supplier"), "website": textCell("https://www.dell.com"),
		"support_email": textCell("support@dell.example"), "support_phone": textCell("+44 1344 860456"),
		"account_number": textCell("ACC-1001"), "notes": textCell("Main hardware vendor"),
	},
	fields.KindBudgetLine: {
		"code": textCell("IT-HW"), "name": textCell("End-user hardware"), "fiscal_year": intCell(2026),
		"category": textCell("capex"), "cost_centre": textCell("CC-100"), "owner": textCell("Jane Smith"),
		"allocated": moneyCell{Amount: 5000000, Currency: "GBP"}, "currency": textCell("GBP"),
		"notes": textCell("Laptop refresh"),
	},
	fields.KindDevice: {
		"asset_tag": textCell("LAP-0001"), "serial_number": textCell("5CG1234XYZ"), "hostname": textCell("lon-lap-0001"),
		"category": textCell("laptop"), "manufacturer": textCell("Dell"), "model": textCell("Latitude 7440"),
		"status": textCell("deployed"), "assigned_to": textCell("Jane Smith"), "department": textCell("Finance"),
		"cost_centre": textCell("CC-100"), "location": textCell("London"),
		"purchase_date": dateCell(models.NewDate(2026, 1, 15)),
		"purchase_cost": moneyCell{Amount: 124900, Currency: "GBP"}, "currency": textCell("GBP"),
		"supplier": textCell("Dell"), "order_number": textCell("PO-2026-001"), "invoice_number": textCell("INV-88812"),
		"budget_line": textCell("IT-HW"), "lifetime_months": intCell(48), "eol_date": dateCell(models.NewDate(2030, 1, 31)),
		"notes": textCell("Docking station issued too"),
	},
	fields.KindLicence: {
		"product": textCell("Microsoft 365 E3"), "publisher": textCell("Microsoft"), "supplier": textCell("Dell"),
		"reference": textCell("AGR-2026-17"), "type": textCell("subscription"), "metric": textCell("per_user"),
		"seats": intCell(50), "start_date": dateCell(models.NewDate(2026, 1, 1)), "end_date": dateCell(models.NewDate(2026, 12, 31)),
		"auto_renew": boolCell(true), "notice_days": intCell(30), "cost": moneyCell{Amount: 1380000, Currency: "GBP"},
		"currency": textCell("GBP"), "billing_period": textCell("annual"), "budget_line": textCell("IT-HW"),
		"order_number": textCell("PO-2026-002"), "notes": textCell("Renews every January"),
	},
	fields.KindWarranty: {
		"provider": textCell("Dell"), "kind": textCell("manufacturer"), "reference": textCell("WAR-5CG1234XYZ"),
		"service_level": textCell("NBD on-site"), "start_date": dateCell(models.NewDate(2026, 1, 15)),
		"end_date": dateCell(models.NewDate(2029, 1, 14)), "cost": moneyCell{Amount: 9900, Currency: "GBP"},
		"currency": textCell("GBP"), "budget_line": textCell("IT-HW"), "auto_renew": boolCell(false),
		"notice_days": intCell(0), "devices": textCell("LAP-0001"), "notes": textCell("Three-year next-business-day cover"),
	},
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
	"Rows are matched to existing records by their natural key (a device by asset tag, else manufacturer and serial number), so importing the same file twice changes nothing.",
	"Run a dry run first: it checks every row and writes nothing. Rows with problems come back in an error workbook with an Errors column; fix them there and upload that file.",
}

// WriteTemplate writes an import template: a sheet per kind with the importer's canonical
// headers and one example row, drop-down lists on the enum columns (and Yes/No on the yes/no
// columns) for the first rows, and a "Read me" sheet, which is the sheet Excel opens on.
func WriteTemplate(w io.Writer) error {
	x, err := newWorkbook()
	if err != nil {
		return err
	}
	defer x.f.Close()
	type dropDown struct {
		sheet, sqref string
		values       []string
	}
	var lists []dropDown
	for _, s := range sheetNames {
		fs := exportFields(s.kind)
		sw, err := x.sheet(s.name, headersOf(fs, nil))
		if err != nil {
			return err
		}
		example := make([]any, len(fs))
		for i, f := range fs {
			example[i] = x.cell(templateExamples[s.kind][f.Name])
			values := f.Enum
			switch {
			case f.Type == fields.Bool:
				values = []string{"Yes", "No"}
			case f.Type != fields.Enum:
				continue
			}
			col, err := excelize.ColumnNumberToName(i + 1)
			if err != nil {
				return err
			}
			lists = append(lists, dropDown{s.name, fmt.Sprintf("%s2:%s%d", col, col, templateRows+1), values})
		}
		if err := sw.row(example); err != nil {
			return err
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	sw, err := x.sheet(ReadMeSheet, nil)
	if err != nil {
		return err
	}
	if err := sw.SetColWidth(1, 1, 120); err != nil {
		return err
	}
	for i, line := range readMe {
		v := any(line)
		if i == 0 {
			v = excelize.Cell{StyleID: x.header, Value: line}
		}
		if err := sw.row([]any{v}); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	for _, l := range lists {
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(l.sqref)
		if err := dv.SetDropList(l.values); err != nil {
			return fmt.Errorf("drop-down list %s!%s: %w", l.sheet, l.sqref, err)
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, "Not in the list", "Choose one of: "+strings.Join(l.values, ", "))
		if err := x.f.AddDataValidation(l.sheet, dv); err != nil {
			return err
		}
	}
	idx, err := x.f.GetSheetIndex(ReadMeSheet)
	if err != nil {
		return err
	}
	x.f.SetActiveSheet(idx)
	_, err = x.f.WriteTo(w)
	return err
}
