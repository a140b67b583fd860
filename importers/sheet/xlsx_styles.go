package sheet

import (
	"encoding/xml"
	"strconv"
)

// readStyles marks which cellXfs indexes (the s attribute of a cell) format a date or time.
func (wb *workbook) readStyles(part string) error {
	custom := map[int]string{}
	var xfNumFmt []int
	inCellXfs := false
	err := wb.walkXML(part, func(d *xml.Decoder, t xml.StartElement) error {
		switch t.Name.Local {
		case "numFmt":
			if id, err := strconv.Atoi(attr(t, "numFmtId")); err == nil {
				custom[id] = attr(t, "formatCode")
			}
		case "cellXfs":
			inCellXfs = true
		case "cellStyleXfs", "dxfs", "cellStyles":
			inCellXfs = false
		case "xf":
			if inCellXfs {
				id, _ := strconv.Atoi(attr(t, "numFmtId"))
				xfNumFmt = append(xfNumFmt, id)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	wb.dateXF = make([]bool, len(xfNumFmt))
	wb.currencyXF = make([]string, len(xfNumFmt))
	for i, id := range xfNumFmt {
		if code, ok := custom[id]; ok {
			wb.dateXF[i] = isDateFormat(code)
			wb.currencyXF[i] = formatCurrency(code)
		} else {
			wb.dateXF[i] = isBuiltinDate(id)
		}
	}
	return nil
}

// isBuiltinDate reports Excel's built-in date and time formats (including the CJK ones).
func isBuiltinDate(id int) bool {
	return id >= 14 && id <= 22 || id >= 27 && id <= 36 || id >= 45 && id <= 47 || id >= 50 && id <= 58
}

// isDateFormat reports a number format code that shows a date or time: one with y, m, d, h
// or s outside quoted text, escaped characters and [brackets] (locale "[$-409]" and colour
// "[Red]" prefixes), except the elapsed-time brackets [h], [mm] and [ss], which count.
// "General" and currency formats such as "$#,##0.00" are not dates.
func isDateFormat(code string) bool {
	for i := 0; i < len(code); i++ {
		switch code[i] {
		case '"':
			for i++; i < len(code) && code[i] != '"'; i++ {
			}
		case '\\', '_', '*':
			i++ // the next character is literal, a space width or a fill
		case '[':
			j := i + 1
			for j < len(code) && code[j] != ']' {
				j++
			}
			inner := code[i+1 : min(j, len(code))]
			if elapsed(inner) {
				return true
			}
			i = j
		case 'y', 'Y', 'm', 'M', 'd', 'D', 'h', 'H', 's', 'S':
			return true
		case ';':
			return false // only the first (positive numbers) section decides
		}
	}
	return false
}

func elapsed(inner string) bool {
	if inner == "" {
		return false
	}
	for i := range len(inner) {
		switch inner[i] {
		case 'h', 'H', 'm', 'M', 's', 'S':
		default:
			return false
		}
	}
	return true
}
