package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
)

// csvSource is a CSV or TSV file seen as one sheet.
type csvSource struct {
	sheet string
	r     io.ReaderAt
	size  int64
	enc   string // encUTF8, encUTF16LE, encUTF16BE or encCP1252
	skip  int    // BOM bytes
	comma rune
}

// Encoding returns the text encoding a CSV book was read with ("utf-8", "utf-16le",
// "utf-16be", "windows-1252"), or "" for a workbook.
func (b *Book) Encoding() string {
	if b.csv == nil {
		return ""
	}
	return b.csv.enc
}

// Delimiter returns the field delimiter a CSV book was read with, or 0 for a workbook.
func (b *Book) Delimiter() rune {
	if b.csv == nil {
		return 0
	}
	return b.csv.comma
}

func openCSV(name string, r io.ReaderAt, size int64) (*csvSource, error) {
	head := make([]byte, min(size, sniffWindow))
	if n, err := r.ReadAt(head, 0); n < len(head) {
		return nil, fileErr(err, "the file cannot be read: %v", err)
	}
	src := &csvSource{sheet: baseName(name), r: r, size: size}
	src.enc, src.skip = detectEncoding(head)
	sample, err := io.ReadAll(io.LimitReader(src.text(), sniffWindow))
	if err != nil {
		return nil, fileErr(err, "the file cannot be read as text: %v", err)
	}
	tsv := strings.EqualFold(strings.TrimSpace(extOf(name)), ".tsv")
	src.comma = sniffDelimiter(sample, int64(len(head)) == size, tsv)
	return src, nil
}

func extOf(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i:]
	}
	return ""
}

// text returns the decoded, newline-normalised text of the whole file.
func (s *csvSource) text() io.Reader {
	return decoder(io.NewSectionReader(s.r, int64(s.skip), s.size-int64(s.skip)), s.enc)
}

// rows reads the records. Row.Number is the row Excel would show for the record: quoted
// newlines do not start a row, blank lines (which are not yielded) do.
func (s *csvSource) rows(lim Limits, yield func(Row, error) bool) {
	if line, open, err := unclosedQuote(s.text(), s.comma); err != nil {
		yield(Row{}, fileErr(err, "the file cannot be read: %v", err))
		return
	} else if open {
		yield(Row{}, fileErr(nil, "%sa quote opened on line %d is never closed, so the rest of the file would be read "+
			"as one cell; the file may be cut off, or the quote is a typo", where(s.sheet, 0), line))
		return
	}
	cr := csv.NewReader(s.text())
	cr.Comma = s.comma
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	var number, prevEnd, yielded int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				yield(Row{}, fileErr(err, "%sthe file is not valid CSV: %v", where(s.sheet, number+1), pe.Err))
			} else {
				yield(Row{}, fileErr(err, "the file cannot be read: %v", err))
			}
			return
		}
		start, _ := cr.FieldPos(0)
		end, _ := cr.FieldPos(len(rec) - 1)
		end += strings.Count(rec[len(rec)-1], "\n")
		number += max(start-prevEnd-1, 0) + 1
		prevEnd = end
		for len(rec) > 0 && rec[len(rec)-1] == "" {
			rec = rec[:len(rec)-1]
		}
		if len(rec) == 0 {
			continue
		}
		if len(rec) > lim.MaxColumns {
			yield(Row{}, lim.columnsErr(s.sheet, number, len(rec)))
			return
		}
		cells := make([]Cell, len(rec))
		for i, f := range rec {
			if len(f) > lim.MaxCellBytes {
				yield(Row{}, lim.cellErr(s.sheet, number, cellRef(i, number)))
				return
			}
			if f != "" {
				cells[i] = Cell{Kind: KindString, Text: f}
			}
		}
		yielded++
		if yielded > lim.MaxRows {
			yield(Row{}, lim.rowsErr(s.sheet, number))
			return
		}
		if !yield(Row{Number: number, Cells: cells}, nil) {
			return
		}
	}
}

// sniffDelimiter picks the delimiter among , ; tab | that splits the first lines of sample
// (outside quotes) into the most consistent number of fields above one. Ties go to the comma,
// or to the tab for a .tsv file. complete says the sample is the whole file; otherwise its last,
// possibly cut, line is ignored.
func sniffDelimiter(sample []byte, complete, tsv bool) rune {
	cands := []byte{',', ';', '\t', '|'}
	if tsv {
		cands = []byte{'\t', ',', ';', '|'}
	}
	var lines [][4]int // per line, the count of each candidate outside quotes
	var cur [4]int
	inQuote, nonEmpty := false, false
	for _, c := range sample {
		switch {
		case c == '"':
			inQuote = !inQuote
			nonEmpty = true
		case c == '\n' && !inQuote:
			if nonEmpty {
				lines = append(lines, cur)
			}
			cur, nonEmpty = [4]int{}, false
		case !inQuote:
			if k := bytes.IndexByte(cands, c); k >= 0 {
				cur[k]++
			}
			nonEmpty = true
		}
		if len(lines) == 100 {
			break
		}
	}
	if nonEmpty && complete && !inQuote {
		lines = append(lines, cur)
	}
	best, bestScore := rune(cands[0]), 0.0
	if len(lines) == 0 {
		return best
	}
	for k, c := range cands {
		freq := map[int]int{}
		for _, l := range lines {
			freq[l[k]+1]++
		}
		mode, n := 0, 0
		for fields, f := range freq {
			if f > n || f == n && fields > mode {
				mode, n = fields, f
			}
		}
		if mode < 2 {
			continue
		}
		score := float64(n) / float64(len(lines))
		if score > bestScore+1e-9 {
			best, bestScore = rune(c), score
		}
	}
	return best
}
