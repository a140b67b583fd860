package sheettest

import (
	"bufio"
	"encoding/csv"
	"os"
	"strconv"
)

// WriteDevicesCSV writes a header and rows device rows as UTF-8 CSV (no BOM, CRLF line ends as
// Excel saves them) to path: dates as ISO text, costs with two decimals. The rows are the
// same as WriteDevicesXLSX's.
func WriteDevicesCSV(path string, rows int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	w := csv.NewWriter(bw)
	w.UseCRLF = true
	if err := w.Write(DevicesHeader); err != nil {
		f.Close()
		return err
	}
	rec := make([]string, len(DevicesHeader))
	err = devices(rows, func(_ int, d *device) error {
		copy(rec, d.text[:])
		rec[ColPurchaseDate] = d.purchase.Format("2006-01-02")
		rec[ColEOLDate] = d.eol.Format("2006-01-02")
		rec[ColPurchaseCost] = strconv.FormatFloat(d.cost, 'f', 2, 64)
		rec[ColLifetimeMonths] = strconv.Itoa(d.months)
		return w.Write(rec)
	})
	w.Flush()
	if err == nil {
		err = w.Error()
	}
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
