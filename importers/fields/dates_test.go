package fields

import (
	"strings"
	"testing"

	"itreg/importers/sheet"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		name  string
		cell  sheet.Cell
		order DateOrder
		want  string // ISO date, "" for no date
		err   string
	}{
		// Excel serials.
		{"serial date cell", dateCell(45356), 0, "2024-03-05", ""},
		{"serial with time", dateCell(45356.75), 0, "2024-03-05", ""},
		{"serial number cell", num(45356), 0, "2024-03-05", ""},
		{"serial 1", dateCell(1), 0, "1900-01-01", ""},
		{"serial 59", dateCell(59), 0, "1900-02-28", ""},
		{"serial 60 fake leap day", dateCell(60), 0, "", "29 February 1900, a day that does not exist"},
		{"serial 61", dateCell(61), 0, "1900-03-01", ""},
		{"serial max", dateCell(2958465), 0, "9999-12-31", ""},
		{"serial above max", dateCell(2958466), 0, "", "past 9999-12-31"},
		{"serial zero", dateCell(0), 0, "", "a time, not a date"},
		{"time only", dateCell(0.43), 0, "", "0.43 is a time, not a date"},
		{"negative serial", num(-5), 0, "", "cannot be negative"},
		{"compact number", num(20240305), 0, "2024-03-05", ""},
		{"a year in a number cell", num(2024), 0, "", "2024 looks like a year, not a date"},
		{"a year-sized serial in a date cell is a date", dateCell(2024), 0, "1905-07-16", ""},
		// ISO.
		{"iso", str("2024-03-05"), 0, "2024-03-05", ""},
		{"iso Z", str("2024-03-05T00:00:00Z"), 0, "2024-03-05", ""},
		{"iso offset", str("2024-03-05T23:30:00+05:30"), 0, "2024-03-05", ""},
		{"iso space time", str("2024-03-05 13:00:00"), 0, "2024-03-05", ""},
		{"iso fraction", str("2021-01-06 07:00:00.000"), 0, "2021-01-06", ""},
		{"iso ignores order", str("2024-03-05"), DMY, "2024-03-05", ""},
		{"compact text", str("20240305"), 0, "2024-03-05", ""},
		{"serial as text", str("45356"), 0, "2024-03-05", ""},
		{"serial with time as text", str("45356.75"), 0, "2024-03-05", ""},
		{"a number outside serial dates", str("123"), 0, "", "is a number, not a date"},
		{"iso bad month", str("2024-13-05"), 0, "", `"2024-13-05" is not a date: month 13 does not exist`},
		{"iso bad day", str("2023-02-29"), 0, "", "February 2023 has 28 days, not 29"},
		{"excel time epoch", str("1899-12-31T10:22:25Z"), 0, "", `"1899-12-31T10:22:25Z" is a time, not a date`},
		{"year slash", str("2024/03/05"), 0, "2024-03-05", ""},
		{"japanese", str("2024年3月5日"), 0, "2024-03-05", ""},
		{"japanese full-width digits", str("２０２４年３月５日"), 0, "2024-03-05", ""},
		// Month names.
		{"d mon yyyy", str("5 Mar 2024"), 0, "2024-03-05", ""},
		{"month d, yyyy", str("March 5, 2024"), 0, "2024-03-05", ""},
		{"dd-mon-yy", str("05-Mar-24"), 0, "2024-03-05", ""},
		{"weekday", str("Tue, 5 Mar 2024"), 0, "2024-03-05", ""},
		{"ordinal", str("5th March 2024"), 0, "2024-03-05", ""},
		{"sept", str("1 Sept 2024"), 0, "2024-09-01", ""},
		{"month name bad day", str("31 Apr 2024"), 0, "", "April 2024 has 30 days, not 31"},
		{"month name no year", str("5 Mar"), 0, "", "needs a day, a month and a year"},
		// Numeric with separators.
		{"ambiguous unset", str("03/05/2024"), 0, "", `ambiguous date "03/05/2024": set the date order (day-first or month-first)`},
		{"ambiguous dmy", str("03/05/2024"), DMY, "2024-05-03", ""},
		{"ambiguous mdy", str("03/05/2024"), MDY, "2024-03-05", ""},
		{"same day and month", str("05/05/2024"), 0, "2024-05-05", ""},
		{"day first by value", str("13/05/2024"), 0, "2024-05-13", ""},
		{"month first by value", str("11/24/2008"), 0, "2008-11-24", ""},
		{"contradicts dmy", str("11/24/2008"), DMY, "", "is not a day-first date: month 24 does not exist"},
		{"contradicts mdy", str("13/05/2024"), MDY, "", "is not a month-first date: month 13 does not exist"},
		{"neither can be a month", str("13/25/2024"), 0, "", `"13/25/2024" is not a date: month 25 does not exist`},
		{"two digit year 20xx", str("4/5/16"), MDY, "2016-04-05", ""},
		{"two digit year 69", str("1/2/69"), MDY, "2069-01-02", ""},
		{"two digit year 70", str("1/2/70"), MDY, "1970-01-02", ""},
		{"dots", str("5.3.2024"), DMY, "2024-03-05", ""},
		{"dashes", str("25-12-2024"), 0, "2024-12-25", ""},
		{"us with time", str("3/15/2021 1:05:09 PM"), 0, "2021-03-15", ""},
		{"us with time ambiguous", str("3/5/2021 1:05:09 PM"), 0, "", "ambiguous date"},
		{"ymd two digit", str("24/03/05"), YMD, "2024-03-05", ""},
		{"mixed separators", str("03/05-2024"), DMY, "", "mixes separators"},
		{"three digit year", str("03/05/202"), DMY, "", "2 or 4 digits"},
		// Blanks and junk.
		{"empty", sheet.Cell{}, 0, "", ""},
		{"placeholder", str("N/A"), 0, "", ""},
		{"excel error", sheet.Cell{Kind: sheet.KindError, Text: "#N/A"}, 0, "", ""},
		{"bool", sheet.Cell{Kind: sheet.KindBool, Text: "TRUE"}, 0, "", "yes/no value"},
		{"words", str("next tuesday"), 0, "", "is not a date"},
		{"too long", str(strings.Repeat("5 Mar ", 30)), 0, "", "it is too long"},
		{"nbsp padded", str("\u00a02024-03-05\u00a0"), 0, "2024-03-05", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDate(tt.cell, tt.order)
			wantErr(t, err, tt.err)
			if got.String() != tt.want {
				t.Fatalf("ParseDate = %q, want %q", got.String(), tt.want)
			}
		})
	}
}

func TestParseDateOrder(t *testing.T) {
	tests := []struct {
		in   string
		want DateOrder
		err  string
	}{
		{"", DateOrderUnset, ""}, {"dmy", DMY, ""}, {"Day-First", DMY, ""}, {"mdy", MDY, ""},
		{"month-first", MDY, ""}, {"ymd", YMD, ""}, {"sideways", 0, "is not one of"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDateOrder(tt.in)
			wantErr(t, err, tt.err)
			if got != tt.want {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			if err == nil && got.String() != "" {
				if back, _ := ParseDateOrder(got.String()); back != got {
					t.Fatalf("String round trip failed for %v", got)
				}
			}
		})
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-03-05", "03/05/2024", "5 Mar 2024", "1899-12-31T10:22:25Z", "20240305",
		"March 5, 2024", "3/5/2021 1:05:09 PM", "31-Apr-24", "99/99/9999", "-", "0000-00-00"} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, s string, order uint8) {
		d, err := ParseDate(str(s), DateOrder(order%4))
		if err == nil && !d.IsZero() {
			if _, err := civil(d.Year, int(d.Month), d.Day); err != nil {
				t.Fatalf("ParseDate(%q) returned the impossible date %v", s, d)
			}
		}
	})
}
