package sheet

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"

	"itreg/models"
)

func utf16Bytes(t *testing.T, s string, big bool) []byte {
	t.Helper()
	e := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	if big {
		e = unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	}
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rowsOf is the shape of rows for comparison: number and cell texts.
type rowText struct {
	n     int
	cells []string
}

func shape(rows []Row) []rowText {
	out := make([]rowText, len(rows))
	for i, r := range rows {
		out[i] = rowText{r.Number, texts(r)}
	}
	return out
}

func TestCSV(t *testing.T) {
	long := strings.Repeat("Laptop,Café\n", 7000) // over the 64 KiB encoding window
	tests := []struct {
		name  string
		file  string
		data  []byte
		enc   string
		delim rune
		want  []rowText
	}{
		{"UTF-8 BOM stripped", "a.csv", []byte("\xEF\xBB\xBFName,Cost\r\nA,1\r\n"), encUTF8, ',',
			[]rowText{{1, []string{"Name", "Cost"}}, {2, []string{"A", "1"}}}},
		{"UTF-16LE with BOM, tabs", "a.csv", utf16Bytes(t, "Name\tCost\r\nLaptop £\t1\r\n", false), encUTF16LE, '\t',
			[]rowText{{1, []string{"Name", "Cost"}}, {2, []string{"Laptop £", "1"}}}},
		{"UTF-16BE with BOM", "a.csv", utf16Bytes(t, "Name,Cost\nÉcran,2\n", true), encUTF16BE, ',',
			[]rowText{{1, []string{"Name", "Cost"}}, {2, []string{"Écran", "2"}}}},
		{"Windows-1252", "a.csv", []byte("Item,Price\nWidget,\xA3100\nIt\x92s,\x80 5\n"), encCP1252, ',',
			[]rowText{{1, []string{"Item", "Price"}}, {2, []string{"Widget", "£100"}}, {3, []string{"It’s", "€ 5"}}}},
		{"CR-only line ends (old Mac)", "a.csv", []byte("a,b\rc,d\r\re,f"), encUTF8, ',',
			[]rowText{{1, []string{"a", "b"}}, {2, []string{"c", "d"}}, {4, []string{"e", "f"}}}},
		{"mixed CRLF and LF", "a.csv", []byte("a,b\r\nc,d\ne,f\r\n"), encUTF8, ',',
			[]rowText{{1, []string{"a", "b"}}, {2, []string{"c", "d"}}, {3, []string{"e", "f"}}}},
		{"quoted newlines and doubled quotes", "a.csv", []byte("a,\"line1\r\nline2\",\"He said \"\"hi\"\"\"\nd,e,f\n"), encUTF8, ',',
			[]rowText{{1, []string{"a", "line1\nline2", `He said "hi"`}}, {2, []string{"d", "e", "f"}}}},
		{"stray quote kept literally", "a.csv", []byte("Item,Size\nMonitor,27\" IPS\nCable,2m\n"), encUTF8, ',',
			[]rowText{{1, []string{"Item", "Size"}}, {2, []string{"Monitor", `27" IPS`}}, {3, []string{"Cable", "2m"}}}},
		{"semicolons with decimal commas", "a.csv", []byte("Name;Cost;Notes\nA;1,5;x\nB;2,5;y, z\n"), encUTF8, ';',
			[]rowText{{1, []string{"Name", "Cost", "Notes"}}, {2, []string{"A", "1,5", "x"}}, {3, []string{"B", "2,5", "y, z"}}}},
		{"tabs", "a.txt", []byte("a\tb\tc\n1\t2, 3\t4\n"), encUTF8, '\t',
			[]rowText{{1, []string{"a", "b", "c"}}, {2, []string{"1", "2, 3", "4"}}}},
		{"pipes", "a.csv", []byte("a|b\n1|2\n"), encUTF8, '|',
			[]rowText{{1, []string{"a", "b"}}, {2, []string{"1", "2"}}}},
		{".tsv prefers tab when both fit", "a.tsv", []byte("a,b\tc,d\n1,2\t3,4\n"), encUTF8, '\t',
			[]rowText{{1, []string{"a,b", "c,d"}}, {2, []string{"1,2", "3,4"}}}},
		{"ragged rows, blank lines, trailing empty fields", "a.csv", []byte("a,b,c\n1\n\n1,2,3,4\n,,\nx,,\n"), encUTF8, ',',
			[]rowText{{1, []string{"a", "b", "c"}}, {2, []string{"1"}}, {4, []string{"1", "2", "3", "4"}}, {6, []string{"x"}}}},
		{"whitespace and NBSP kept", "a.csv", []byte(" a ,b\u00a0\n1,2\n"), encUTF8, ',',
			[]rowText{{1, []string{" a ", "b\u00a0"}}, {2, []string{"1", "2"}}}},
		{"one column", "a.csv", []byte("Serial\nX1\nX2\n"), encUTF8, ',',
			[]rowText{{1, []string{"Serial"}}, {2, []string{"X1"}}, {3, []string{"X2"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, rows, err := readBytes(tt.file, tt.data, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if b.Format != FormatCSV || b.Encoding() != tt.enc || b.Delimiter() != tt.delim {
				t.Errorf("format %s encoding %s delimiter %q, want csv %s %q", b.Format, b.Encoding(), b.Delimiter(), tt.enc, tt.delim)
			}
			if got := shape(rows); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("rows\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
	t.Run("invalid UTF-8 after the encoding window", func(t *testing.T) {
		data := []byte(long + "Price,\xA3100\n")
		b, rows, err := readBytes("late.csv", data, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if b.Encoding() != encUTF8 {
			t.Errorf("encoding %s", b.Encoding())
		}
		if got := texts(rows[0]); got[1] != "Café" {
			t.Errorf("first row %q", got)
		}
		if got := texts(rows[len(rows)-1]); got[1] != "£100" {
			t.Errorf("last row %q", got)
		}
	})
	t.Run("sheet named after the file", func(t *testing.T) {
		b, _, _ := readBytes(`C:\exports\Devices 2024.CSV`, []byte("a\n"), Limits{})
		if b.Sheets[0].Name != "Devices 2024" {
			t.Errorf("sheet %q", b.Sheets[0].Name)
		}
	})
	t.Run("cells are strings or empty", func(t *testing.T) {
		_, rows, _ := readBytes("a.csv", []byte("a,,1\n"), Limits{})
		want := []Cell{str("a"), {}, str("1")}
		if !reflect.DeepEqual(rows[0].Cells, want) {
			t.Errorf("cells %v", rows[0].Cells)
		}
	})
}

func TestCSVLimits(t *testing.T) {
	tests := []struct {
		name string
		data string
		lim  Limits
		msg  string
	}{
		{"columns", "a,b\n" + strings.Repeat("x,", 1200) + "x\n", Limits{}, "sheet t row 2: column 1,201 is past the limit of 1,000 columns"},
		{"cell bytes", "a,b\nx,\"" + strings.Repeat("y", 40000) + "\"\n", Limits{}, "sheet t row 2: cell B2 is longer than 32,767 bytes"},
		{"rows", "a\nb\nc\n", Limits{MaxRows: 2}, "sheet t row 3: the sheet has more than 2 rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readBytes("t.csv", []byte(tt.data), tt.lim)
			wantKind(t, err, models.ErrTooLarge)
			if !strings.HasPrefix(err.Error(), tt.msg) {
				t.Errorf("error %q, want it to start %q", err, tt.msg)
			}
		})
	}
}

func TestSniffDelimiter(t *testing.T) {
	tests := []struct {
		name   string
		sample string
		want   rune
	}{
		{"banner row above a comma table", "Company asset register\n\nTag,Serial,Model\n1,2,3\n4,5,6\n", ','},
		{"semicolon with quoted commas", "\"a,b\";c\n\"d,e\";f\n", ';'},
		{"cut last line ignored", "a;b\nc;d\ne,f,g,h,i,j", ';'},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sniffDelimiter([]byte(tt.sample), false, false); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCSVUnclosedQuote(t *testing.T) {
	tests := []struct {
		name, data string
		line       int // 0 = the file reads
	}{
		{"a quote never closed", "tag,notes\nA1,\"cut off here\nA2,more\nA3,last\n", 2},
		{"closed over two lines", "tag,notes\nA1,\"two\nlines\"\nA2,x\n", 0},
		{"escaped quotes", "tag,notes\nA1,\"say \"\"hi\"\"\"\n", 0},
		{"a stray quote inside a field", "tag,notes\nA1,5\" monitor\nA2,x\n", 0},
		{"a lazy quote inside a quoted field", "tag,notes\nA1,\"a \"b\" c\"\nA2,x\n", 0},
		{"semicolons", "tag;notes\nA1;\"open\n", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readBytes("t.csv", []byte(tt.data), Limits{})
			if tt.line == 0 {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			wantKind(t, err, models.ErrUnreadable)
			if want := "a quote opened on line " + strconv.Itoa(tt.line) + " is never closed"; !strings.Contains(err.Error(), want) {
				t.Errorf("error %q, want it to say %q", err, want)
			}
		})
	}
}
