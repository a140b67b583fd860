package sheet

import (
	"bytes"
	"testing"

	"itreg/models"
)

func ole2(withEncrypted bool) []byte {
	b := make([]byte, 4096)
	copy(b, magicOLE2)
	name := utf16le("Workbook")
	if withEncrypted {
		name = utf16le("EncryptedPackage")
	}
	copy(b[1024+64:], name) // a directory entry in some later sector
	return b
}

func TestOpenRefusesWhatIsNotASpreadsheet(t *testing.T) {
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 100)...)
	tests := []struct {
		name string
		file string
		data []byte
		msg  string
	}{
		{"empty file", "devices.xlsx", nil, MsgEmpty},
		{"png named xlsx", "devices.xlsx", png, MsgNotSheet},
		{"pdf", "devices.csv", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), MsgNotSheet},
		{"binary with NUL bytes", "devices.csv", []byte("abc\x00\x01\x02\x03def,ghi\n\x00"), MsgNotSheet},
		{"legacy xls", "devices.xls", ole2(false), MsgXLS},
		{"encrypted workbook", "devices.xlsx", ole2(true), MsgEncrypted},
		{"ods", "devices.xlsx", zipOf(t, part{"mimetype", odsMime}, part{"content.xml", "<office:document-content/>"}), MsgODS},
		{"ods without mimetype", "devices.ods", zipOf(t, part{"content.xml", "<x/>"}, part{"META-INF/manifest.xml", "<x/>"}), MsgODS},
		{"zip that is not a workbook", "devices.xlsx", zipOf(t, part{"word/document.xml", "<w/>"}), MsgNotXLSX},
		{"xlsb", "devices.xlsb", zipOf(t, part{"xl/workbook.bin", "\x00\x01"}), MsgXLSB},
		{"html saved as xls", "export.xls", []byte("<html><body><table><tr><td>Asset tag</td></tr></table></body></html>"), MsgHTML},
		{"spreadsheetml 2003", "export.xls", []byte(`<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">`), MsgHTML},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open(tt.file, bytes.NewReader(tt.data), int64(len(tt.data)), Limits{})
			wantKind(t, err, models.ErrUnreadable)
			if err.Error() != tt.msg {
				t.Errorf("message = %q, want %q", err, tt.msg)
			}
		})
	}
}

func TestOpenDamagedZip(t *testing.T) {
	good := book{sheets: []string{`<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>`}}.zip(t)
	tests := []struct {
		name string
		data []byte
	}{
		{"zip header then garbage", append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0xAB}, 300)...)},
		{"zip cut in half", good[:len(good)/2]},
		{"zip without its central directory end", good[:len(good)-10]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readBytes("x.xlsx", tt.data, Limits{})
			wantKind(t, err, models.ErrUnreadable)
		})
	}
}

func TestDetectByContentNotName(t *testing.T) {
	tests := []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"csv named xlsx", "devices.xlsx", []byte("Asset Tag,Serial\nA1,S1\n"), FormatCSV},
		{"xlsx named csv", "devices.csv", book{sheets: []string{""}}.zip(t), FormatXLSX},
		{"utf-16 without BOM", "x.csv", utf16le("a,b\r\nc,d\r\n"), FormatCSV},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Open(tt.file, bytes.NewReader(tt.data), int64(len(tt.data)), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if b.Format != tt.want {
				t.Errorf("Format = %q, want %q", b.Format, tt.want)
			}
		})
	}
}
