package sheet

import (
	"bytes"
	"io"
)

// The formats Detect and Book.Format name.
const (
	FormatXLSX = "xlsx"
	FormatCSV  = "csv"
)

// The messages of the FileErrors Detect and Open return, so callers may compare if they must.
const (
	MsgEmpty     = "the file is empty"
	MsgODS       = "this is an OpenDocument spreadsheet (.ods); save it as .xlsx or .csv"
	MsgEncrypted = "this workbook is password-protected (encrypted); remove the password in Excel and save it again"
	MsgXLS       = "this is a legacy Excel 97-2003 .xls file; open it in Excel and save it as .xlsx (or CSV)"
	MsgNotSheet  = "not a spreadsheet: expected .xlsx or .csv"
	MsgXLSB      = "this is a binary Excel workbook (.xlsb); save it as .xlsx or .csv"
	MsgNotXLSX   = "this zip file is not an Excel workbook (it has no xl/workbook.xml); save it as .xlsx or .csv"
	MsgHTML      = "this is a web page or an Excel 2003 XML file, not a spreadsheet: save it as .xlsx or .csv"
)

const headSize = 8 << 10

var (
	magicZip  = []byte("PK\x03\x04")
	magicZipE = []byte("PK\x05\x06") // an empty zip archive
	magicOLE2 = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	binMagic  = [][]byte{[]byte("\x89PNG"), []byte("%PDF"), []byte("GIF8"), {0xFF, 0xD8, 0xFF}, {0x1F, 0x8B}, []byte("7z\xBC\xAF"), []byte("Rar!"),
		[]byte("\x7FELF"), []byte("{\\rtf")}
	encPackage = utf16le("EncryptedPackage")
)

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := range len(s) {
		b = append(b, s[i], 0)
	}
	return b
}

// Detect says from the content (never the name) whether r holds a workbook ("xlsx") or
// delimited text ("csv"). Anything else is a *FileError saying what the file is and what to do:
// an empty file, an OpenDocument spreadsheet, a legacy .xls, an encrypted workbook, a zip that is
// not a workbook, or a binary file.
func Detect(r io.ReaderAt, size int64) (string, error) {
	if size <= 0 {
		return "", &FileError{Msg: MsgEmpty}
	}
	head := make([]byte, min(size, headSize))
	n, err := r.ReadAt(head, 0)
	if n < len(head) {
		return "", fileErr(err, "the file cannot be read: %v", err)
	}
	switch {
	case bytes.HasPrefix(head, magicZip), bytes.HasPrefix(head, magicZipE):
		return FormatXLSX, nil // Open looks inside; see openZip
	case bytes.HasPrefix(head, magicOLE2):
		if ok, err := containsAt(r, size, encPackage); err != nil {
			return "", fileErr(err, "the file cannot be read: %v", err)
		} else if ok {
			return "", &FileError{Msg: MsgEncrypted}
		}
		return "", &FileError{Msg: MsgXLS}
	}
	for _, m := range binMagic {
		if bytes.HasPrefix(head, m) {
			return "", &FileError{Msg: MsgNotSheet}
		}
	}
	if isMarkup(head) {
		return "", &FileError{Msg: MsgHTML}
	}
	if _, ok := utf16Kind(head); !ok && bytes.IndexByte(head, 0) >= 0 {
		return "", &FileError{Msg: MsgNotSheet}
	}
	return FormatCSV, nil
}

// containsAt reports whether needle occurs anywhere in r, reading it in chunks.
func containsAt(r io.ReaderAt, size int64, needle []byte) (bool, error) {
	const chunk = 256 << 10
	buf := make([]byte, chunk+len(needle))
	for off := int64(0); off < size; off += chunk {
		n, err := r.ReadAt(buf[:min(int64(len(buf)), size-off)], off)
		if bytes.Contains(buf[:n], needle) {
			return true, nil
		}
		if err != nil && err != io.EOF {
			return false, err
		}
	}
	return false, nil
}

// isMarkup reports an HTML table or SpreadsheetML 2003 file, which some tools save as ".xls".
func isMarkup(head []byte) bool {
	h := bytes.TrimLeft(bytes.TrimPrefix(head, bom8), " \t\r\n")
	if len(h) == 0 || h[0] != '<' {
		return false
	}
	l := bytes.ToLower(h)
	return bytes.Contains(l, []byte("<html")) || bytes.Contains(l, []byte("<table")) ||
		bytes.Contains(l, []byte("urn:schemas-microsoft-com:office:spreadsheet")) ||
		bytes.HasPrefix(l, []byte("<!doctype html"))
}

// utf16Kind recognises UTF-16 text by its BOM or, without one, by ASCII characters whose
// high byte is zero in (nearly) every other position. It returns "le" or "be".
func utf16Kind(head []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return "le", true
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return "be", true
	}
	if len(head) < 16 {
		return "", false
	}
	var zeroEven, zeroOdd int
	for i, c := range head {
		if c == 0 {
			if i%2 == 0 {
				zeroEven++
			} else {
				zeroOdd++
			}
		}
	}
	half := len(head) / 2
	switch {
	case zeroOdd > half*9/10 && zeroEven == 0:
		return "le", true
	case zeroEven > half*9/10 && zeroOdd == 0:
		return "be", true
	}
	return "", false
}
