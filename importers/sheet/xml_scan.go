package sheet

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"
)

// xmlScanner is a minimal, allocation-free tokenizer for the well-known shape of worksheet XML:
// it alternates between text (skipped or appended to a buffer) and tags (returned as the bytes
// between '<' and '>'). It is not a general XML parser; the worksheet reader checks structure.
type xmlScanner struct {
	br  *bufio.Reader
	tag []byte // scratch for tags longer than what ReadSlice returns in one piece
}

// maxTag bounds one tag (with its attributes, or a comment or CDATA section).
const maxTag = 4 << 20

var errTagTooLong = errors.New("a tag, comment or CDATA section longer than 4 MiB")

func newXMLScanner(r io.Reader) *xmlScanner {
	return &xmlScanner{br: bufio.NewReaderSize(r, 64<<10)}
}

// skipText discards text up to and including the next '<'. io.EOF means none was left.
func (s *xmlScanner) skipText() error {
	for {
		_, err := s.br.ReadSlice('<')
		if err != bufio.ErrBufferFull {
			return err
		}
	}
}

// appendText appends the text before the next '<' to dst and consumes the '<'. Once dst holds
// more than max bytes it stops growing (the rest of the text is skipped) so that one huge
// value cannot take memory; the caller sees len(dst) > max and refuses the cell.
func (s *xmlScanner) appendText(dst []byte, max int) ([]byte, error) {
	for {
		b, err := s.br.ReadSlice('<')
		if err == nil {
			b = b[:len(b)-1]
		}
		if len(dst) <= max {
			dst = append(dst, b[:min(len(b), max+1-len(dst))]...)
		}
		if err != bufio.ErrBufferFull {
			return dst, err
		}
	}
}

// readTag returns the bytes of the tag just opened by '<', without the '>'. The result is
// valid until the next call. '>' inside quoted attribute values, comments and CDATA sections
// does not end the tag. End of input inside a tag is io.ErrUnexpectedEOF. The quote state is
// carried from piece to piece, so a tag of many '>' is read in linear time.
func (s *xmlScanner) readTag() ([]byte, error) {
	b, err := s.br.ReadSlice('>')
	if err == nil && tagComplete(b) {
		return b[:len(b)-1], nil
	}
	s.tag = append(s.tag[:0], b...)
	decl := len(b) > 0 && b[0] == '!'
	var q byte
	if !decl {
		q = quoteState(0, b)
	}
	for {
		if err == nil && (decl && tagComplete(s.tag) || !decl && q == 0) {
			return s.tag[:len(s.tag)-1], nil
		}
		if err == io.EOF {
			return nil, io.ErrUnexpectedEOF
		}
		if err != nil && err != bufio.ErrBufferFull {
			return nil, err
		}
		if len(s.tag) > maxTag {
			return nil, errTagTooLong
		}
		b, err = s.br.ReadSlice('>')
		s.tag = append(s.tag, b...)
		if !decl {
			q = quoteState(q, b)
		}
	}
}

// tagComplete reports whether b, which ends in '>', is a whole tag.
func tagComplete(b []byte) bool {
	if len(b) > 0 && b[0] == '!' {
		switch {
		case bytes.HasPrefix(b, []byte("!--")):
			return len(b) >= 6 && bytes.HasSuffix(b, []byte("-->"))
		case bytes.HasPrefix(b, []byte("![CDATA[")):
			return len(b) >= 11 && bytes.HasSuffix(b, []byte("]]>"))
		}
		return true // a declaration: refused by the caller
	}
	return quoteState(0, b) == 0
}

// quoteState returns the open quote (or 0) after b, starting in state q.
func quoteState(q byte, b []byte) byte {
	for _, c := range b {
		switch {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		}
	}
	return q
}

// tagName returns the local name of a tag ("c" for "x:c r=..."), whether it is an end tag, and
// whether it closes itself.
func tagName(tag []byte) (name []byte, end, self bool) {
	if len(tag) > 0 && tag[0] == '/' {
		end, tag = true, tag[1:]
	}
	if len(tag) > 0 && tag[len(tag)-1] == '/' {
		self, tag = true, tag[:len(tag)-1]
	}
	i := 0
	for i < len(tag) && !isSpace(tag[i]) {
		i++
	}
	name = tag[:i]
	if j := bytes.IndexByte(name, ':'); j >= 0 {
		name = name[j+1:]
	}
	return name, end, self
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// nextAttr returns the first attribute of b (the tag after its name) and the rest. Prefixes are
// stripped from attribute names. Values are returned raw (entities not decoded).
func nextAttr(b []byte) (name, val, rest []byte, ok bool) {
	i := 0
	for i < len(b) && (isSpace(b[i]) || b[i] == '/') {
		i++
	}
	start := i
	for i < len(b) && b[i] != '=' && !isSpace(b[i]) {
		i++
	}
	name = b[start:i]
	for i < len(b) && (isSpace(b[i]) || b[i] == '=') {
		i++
	}
	if i >= len(b) || (b[i] != '"' && b[i] != '\'') || len(name) == 0 {
		return nil, nil, nil, false
	}
	q := b[i]
	i++
	vs := i
	for i < len(b) && b[i] != q {
		i++
	}
	if i >= len(b) {
		return nil, nil, nil, false
	}
	if j := bytes.IndexByte(name, ':'); j >= 0 {
		name = name[j+1:]
	}
	return name, b[vs:i], b[i+1:], true
}

// decodeText resolves the five XML entities and character references, and normalises line
// ends to "\n" as an XML parser must. It returns b itself when there is nothing to do.
func decodeText(b []byte) []byte {
	if bytes.IndexByte(b, '&') < 0 && bytes.IndexByte(b, '\r') < 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '\r' {
			out = append(out, '\n')
			if i+1 < len(b) && b[i+1] == '\n' {
				i++
			}
			continue
		}
		if c != '&' {
			out = append(out, c)
			continue
		}
		end := bytes.IndexByte(b[i:min(len(b), i+12)], ';')
		if end < 0 {
			out = append(out, c)
			continue
		}
		ent := b[i+1 : i+end]
		switch string(ent) {
		case "amp":
			out = append(out, '&')
		case "lt":
			out = append(out, '<')
		case "gt":
			out = append(out, '>')
		case "quot":
			out = append(out, '"')
		case "apos":
			out = append(out, '\'')
		default:
			r, ok := charRef(ent)
			if !ok {
				out = append(out, c)
				continue
			}
			out = utf8.AppendRune(out, r)
		}
		i += end
	}
	return out
}

func charRef(ent []byte) (rune, bool) {
	if len(ent) < 2 || ent[0] != '#' {
		return 0, false
	}
	var n uint64
	var err error
	if ent[1] == 'x' || ent[1] == 'X' {
		n, err = strconv.ParseUint(string(ent[2:]), 16, 32)
	} else {
		n, err = strconv.ParseUint(string(ent[1:]), 10, 32)
	}
	if err != nil || !utf8.ValidRune(rune(n)) {
		return 0, false
	}
	return rune(n), true
}

// unescapeX resolves the _xHHHH_ escapes of OOXML strings (ST_Xstring): Excel writes a
// carriage return as _x000D_ and a literal "_x" sequence as _x005F_x.
func unescapeX(b []byte) []byte {
	if !bytes.Contains(b, []byte("_x")) {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == '_' && i+6 < len(b) && b[i+1] == 'x' && b[i+6] == '_' {
			if n, err := strconv.ParseUint(string(b[i+2:i+6]), 16, 16); err == nil {
				out = utf8.AppendRune(out, rune(n))
				i += 6
				continue
			}
		}
		out = append(out, b[i])
	}
	return out
}
