package importers

import (
	"itreg/importers/fields"
	"itreg/importers/sheet"
)

// fitSampleRows is how many data rows the fit check parses before the import: enough to tell a
// yes/no column from a number of months, few enough to cost nothing next to the import.
const fitSampleRows = 2000

// fit checks the columns the headers mapped against their values, on the first fitSampleRows
// data rows. Of two columns meaning one field, the one whose values are the field's is read
// (the choice is reported). An optional column mapped by its header whose values mostly are not
// its field's is not imported: one finding about the column instead of an error in every row.
// A column the caller mapped explicitly is never second-guessed: its rows fail as they would.
func (p *plan) fit(b *sheet.Book, opt *Options) error {
	m := &p.header.Mapping
	stats := map[int]*columnStats{}
	track := func(c fields.Column) {
		if f, ok := fields.FieldByName(p.kind, c.Field); ok {
			stats[c.Index] = newColumnStats(f)
		}
	}
	for _, c := range m.Columns {
		if c.Field != "" && c.Field != "currency" {
			track(c)
		}
	}
	for _, d := range m.Duplicates {
		if !d.SameHeader {
			track(d.Column)
		}
	}
	if len(stats) == 0 {
		return nil
	}
	n := 0
	for row, err := range b.Rows(p.info.Index) {
		if err != nil {
			return err
		}
		if row.Number <= p.headerRow || blankRow(p, row.Cells) {
			continue
		}
		for i, cs := range stats {
			if i < len(row.Cells) {
				cs.add(row.Cells[i], opt, m.Columns[i].Unit, 0)
			}
		}
		if n++; n >= fitSampleRows {
			break
		}
	}
	p.settleByValues(stats)
	for i, c := range m.Columns {
		cs := stats[i]
		if cs == nil || c.Field == "" || (c.Source != fields.SourceSynonym && c.Source != fields.SourceCompound) {
			continue
		}
		if cs.field.Required || cs.field.Key || !cs.misfit() {
			continue
		}
		p.findings = append(p.findings, misfitFinding(c.Header, cs))
		if p.unfit == nil {
			p.unfit = map[int]string{}
		}
		p.unfit[i] = misfitFinding(c.Header, cs)
		p.unfitField = append(p.unfitField, c)
		m.Columns[i].Field, m.Columns[i].Source, m.Columns[i].Rank = "", "", 0
		m.Unknown = append(m.Unknown, m.Columns[i])
	}
	p.indexColumns()
	return nil
}

// settleByValues gives a field mapped by two columns to the one whose values fit it, when the
// headers chose the other.
func (p *plan) settleByValues(stats map[int]*columnStats) {
	m := &p.header.Mapping
	for j, d := range m.Duplicates {
		kept, other := stats[d.First.Index], stats[d.Column.Index]
		first := m.Columns[d.First.Index]
		if d.SameHeader || kept == nil || other == nil || first.Source == fields.SourceExplicit || first.Source == fields.SourcePosition {
			continue
		}
		// The other column wins when its values fit clearly better: by 20 points of the share parsed.
		if other.nonEmpty == 0 || other.misfit() || (other.fitRate()-kept.fitRate())*5 < 1 {
			continue
		}
		m.Columns[d.Column.Index] = d.Column
		m.Columns[d.First.Index].Field, m.Columns[d.First.Index].Source, m.Columns[d.First.Index].Rank = "", "", 0
		m.Duplicates[j] = fields.Duplicate{Column: first, First: d.Column, Values: true}
	}
}

// indexColumns records which columns hold values and the header of each field.
func (p *plan) indexColumns() {
	p.headerOf = map[string]string{}
	p.valueCols = p.valueCols[:0]
	for _, c := range p.header.Mapping.Columns {
		if c.Field != "" {
			p.headerOf[c.Field] = c.Header
			if c.Header == "" {
				p.headerOf[c.Field] = "column " + c.Letter()
			}
			p.valueCols = append(p.valueCols, c.Index)
		}
	}
}
