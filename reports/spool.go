package reports

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"itreg/models"
)

// deviceSpool holds report devices in a temporary file, so a report can read its rows from the
// database at the database's pace, give the connection back, and only then write to a client
// however slowly it reads (issue 12, finding 1), in bounded memory: a buffer, not the rows.
// The file is unlinked as soon as it is made where the system allows, so nothing is left
// behind if the rows are never read.
type deviceSpool struct {
	f        *os.File
	w        *bufio.Writer
	buf      []byte
	n        int
	unlinked bool
}

// newDeviceSpool makes an empty spool in the system's temporary directory.
func newDeviceSpool() (*deviceSpool, error) {
	f, err := os.CreateTemp("", "itreg-report-*.spool")
	if err != nil {
		return nil, fmt.Errorf("report spool: %w", err)
	}
	s := &deviceSpool{f: f, w: bufio.NewWriterSize(f, 256<<10)}
	s.unlinked = os.Remove(f.Name()) == nil
	return s, nil
}

// add appends a device.
func (s *deviceSpool) add(d *models.ReportDevice) error {
	b := s.buf[:0]
	b = binary.AppendVarint(b, d.ID)
	for _, t := range []string{d.AssetTag, d.Serial, d.Hostname, d.Category, d.Department, d.Assignee, d.Model,
		d.Manufacturer, d.PurchaseCost.Currency, d.BudgetLine, d.Cover.Provider} {
		b = binary.AppendUvarint(b, uint64(len(t)))
		b = append(b, t...)
	}
	b = appendDate(b, d.PurchaseDate)
	b = appendDate(b, d.EOLDate)
	b = appendDate(b, d.Cover.End)
	b = binary.AppendVarint(b, d.PurchaseCost.Amount)
	life := int64(-1)
	if d.LifetimeMonths != nil {
		life = int64(*d.LifetimeMonths)
	}
	b = binary.AppendVarint(b, life)
	covered := byte(0)
	if d.Cover.Covered {
		covered = 1
	}
	b = append(b, covered)
	s.buf = b
	s.n++
	_, err := s.w.Write(b)
	return err
}

// appendDate writes a date as one number (0 for no date).
func appendDate(b []byte, d models.Date) []byte {
	if d.IsZero() {
		return binary.AppendUvarint(b, 0)
	}
	return binary.AppendUvarint(b, uint64((d.Year*13+int(d.Month))*32+d.Day))
}

// readDate reads a date appendDate wrote.
func readDate(r *bufio.Reader) (models.Date, error) {
	v, err := binary.ReadUvarint(r)
	if err != nil || v == 0 {
		return models.Date{}, err
	}
	return models.NewDate(int(v/32/13), time.Month(v/32%13), int(v%32)), nil
}

// each reads the devices back in the order they were added, until fn returns false. The
// device passed to fn is reused between calls; its strings are its own.
func (s *deviceSpool) each(fn func(*models.ReportDevice) bool) error {
	if err := s.w.Flush(); err != nil {
		return fmt.Errorf("report spool: %w", err)
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("report spool: %w", err)
	}
	r := bufio.NewReaderSize(s.f, 256<<10)
	var d models.ReportDevice
	var text []byte
	for range s.n {
		d = models.ReportDevice{}
		id, err := binary.ReadVarint(r)
		if err != nil {
			return spoolError(err)
		}
		d.ID = id
		for _, t := range []*string{&d.AssetTag, &d.Serial, &d.Hostname, &d.Category, &d.Department, &d.Assignee, &d.Model,
			&d.Manufacturer, &d.PurchaseCost.Currency, &d.BudgetLine, &d.Cover.Provider} {
			n, err := binary.ReadUvarint(r)
			if err != nil {
				return spoolError(err)
			}
			if n > 0 {
				if uint64(cap(text)) < n {
					text = make([]byte, n)
				}
				text = text[:n]
				if _, err := io.ReadFull(r, text); err != nil {
					return spoolError(err)
				}
				*t = string(text)
			}
		}
		for _, dt := range []*models.Date{&d.PurchaseDate, &d.EOLDate, &d.Cover.End} {
			if *dt, err = readDate(r); err != nil {
				return spoolError(err)
			}
		}
		if d.PurchaseCost.Amount, err = binary.ReadVarint(r); err != nil {
			return spoolError(err)
		}
		life, err := binary.ReadVarint(r)
		if err != nil {
			return spoolError(err)
		}
		if life >= 0 {
			m := int(life)
			d.LifetimeMonths = &m
		}
		covered, err := r.ReadByte()
		if err != nil {
			return spoolError(err)
		}
		d.Cover.Covered = covered == 1
		if !fn(&d) {
			return nil
		}
	}
	return nil
}

// spoolError reports a spool that cannot be read back.
func spoolError(err error) error {
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("report spool: %w", err)
}

// close removes the spool.
func (s *deviceSpool) close() {
	s.f.Close()
	if !s.unlinked {
		os.Remove(s.f.Name())
	}
}
