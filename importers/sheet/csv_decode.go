package sheet

import (
	"bytes"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Text encodings of CSV files, as csvSource.enc.
const (
	encUTF8    = "utf-8"
	encUTF16LE = "utf-16le"
	encUTF16BE = "utf-16be"
	encCP1252  = "windows-1252"
)

var bom8 = []byte{0xEF, 0xBB, 0xBF}

// sniffWindow is how much of a CSV file decides its encoding and delimiter.
const sniffWindow = 64 << 10

// detectEncoding decides a CSV file's encoding from its start: a BOM (UTF-8, UTF-16 LE/BE), or
// UTF-16 without one (zero high bytes), or UTF-8 if the first 64 KiB are valid UTF-8, otherwise
// Windows-1252. It returns the encoding and how many BOM bytes to skip.
//
// A file judged UTF-8 may still hold invalid bytes after the first 64 KiB: each such byte is
// then read as Windows-1252 (see utf8Fallback), so that nothing is lost or replaced by U+FFFD
// and a file saved by a Windows tool after a UTF-8 header still reads as its author saw it.
func detectEncoding(head []byte) (enc string, skip int) {
	if bytes.HasPrefix(head, bom8) {
		return encUTF8, 3
	}
	if k, ok := utf16Kind(head); ok {
		n := 0
		if bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
			n = 2
		}
		if k == "le" {
			return encUTF16LE, n
		}
		return encUTF16BE, n
	}
	// A rune cut by the end of the window is not a fault: judge whole lines.
	h := head
	if len(head) == sniffWindow {
		if j := bytes.LastIndexByte(head, '\n'); j > 0 {
			h = head[:j]
		}
	}
	if utf8.Valid(h) {
		return encUTF8, 0
	}
	return encCP1252, 0
}

// decoder returns a reader of r's text as UTF-8 with line ends normalised to "\n" (CRLF and a
// lone CR, the old Mac convention, both become LF; so does a CR inside a quoted field).
func decoder(r io.Reader, enc string) io.Reader {
	var t transform.Transformer
	switch enc {
	case encUTF16LE:
		t = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder()
	case encUTF16BE:
		t = unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder()
	case encCP1252:
		t = charmap.Windows1252.NewDecoder()
	default:
		t = utf8Fallback{}
	}
	return transform.NewReader(r, transform.Chain(t, newlines{}))
}

// utf8Fallback passes valid UTF-8 through and reads each invalid byte as Windows-1252.
type utf8Fallback struct{ transform.NopResetter }

func (utf8Fallback) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		// copy the longest valid ASCII/UTF-8 run quickly
		c := src[nSrc]
		if c < utf8.RuneSelf {
			if nDst >= len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			dst[nDst] = c
			nDst++
			nSrc++
			continue
		}
		if !atEOF && !utf8.FullRune(src[nSrc:]) {
			return nDst, nSrc, transform.ErrShortSrc
		}
		r, size := utf8.DecodeRune(src[nSrc:])
		if r == utf8.RuneError && size <= 1 {
			r, size = cp1252(c), 1
		}
		if nDst+utf8.RuneLen(r) > len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		nDst += utf8.EncodeRune(dst[nDst:], r)
		nSrc += size
	}
	return nDst, nSrc, nil
}

func cp1252(b byte) rune { return charmap.Windows1252.DecodeByte(b) }

// newlines turns CRLF and lone CR into LF.
type newlines struct{ transform.NopResetter }

func (newlines) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		i := bytes.IndexByte(src[nSrc:], '\r')
		if i < 0 {
			n := copy(dst[nDst:], src[nSrc:])
			nDst, nSrc = nDst+n, nSrc+n
			if nSrc < len(src) {
				return nDst, nSrc, transform.ErrShortDst
			}
			return nDst, nSrc, nil
		}
		n := copy(dst[nDst:], src[nSrc:nSrc+i])
		nDst, nSrc = nDst+n, nSrc+n
		if n < i {
			return nDst, nSrc, transform.ErrShortDst
		}
		// src[nSrc] is '\r'
		if nSrc+1 >= len(src) && !atEOF {
			return nDst, nSrc, transform.ErrShortSrc
		}
		if nDst >= len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		dst[nDst] = '\n'
		nDst++
		nSrc++
		if nSrc < len(src) && src[nSrc] == '\n' {
			nSrc++
		}
	}
	return nDst, nSrc, nil
}
