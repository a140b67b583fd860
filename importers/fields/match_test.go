package fields

import (
	"strings"
	"testing"
)

func TestHeaderWizardMatches(t *testing.T) {
	tests := []struct {
		name, header, field, source string
	}{
		{"compound of two serial synonyms", "Serial No / Service Tag", "serial_number", SourceCompound},
		{"compound without spaces takes the first", "Asset Tag/Serial", "asset_tag", SourceCompound},
		{"compound with a bar", "Hostname | Device Name", "hostname", SourceCompound},
		{"S/N is one word, not a compound", "S/N", "serial_number", SourceSynonym},
		{"issued to", "Issued To", "assigned_to", SourceSynonym},
		{"checked out to", "Checked Out To", "assigned_to", SourceSynonym},
		{"owner", "Owner", "assigned_to", SourceSynonym},
		{"user", "User", "assigned_to", SourceSynonym},
		{"assigned user", "Assigned User", "assigned_to", SourceSynonym},
		{"employee", "Employee", "assigned_to", SourceSynonym},
		{"remark in brackets", "Serial Number (optional)", "serial_number", SourceSynonym},
		{"remark in square brackets", "Location [internal]", "location", SourceSynonym},
		{"compound with a remark", "Issued To (internal) / Owner", "assigned_to", SourceCompound},
		{"compound of unknown words", "Colour / Finish", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Map([]string{tt.header}, KindDevice, nil)
			c := m.Columns[0]
			if c.Field != tt.field || c.Source != tt.source {
				t.Fatalf("%q -> field %q source %q, want %q %q", tt.header, c.Field, c.Source, tt.field, tt.source)
			}
			if tt.field != "" && c.Reason == "" {
				t.Fatalf("%q has no reason", tt.header)
			}
		})
	}
}

func TestExactHeaderBeatsLongerSynonym(t *testing.T) {
	tests := []struct {
		name   string
		header []string
		want   int // the column that keeps the field
		field  string
	}{
		{"exact name to the right wins", []string{"Asset Tag", "Device Status", "Model", "Status"}, 3, "status"},
		{"exact name to the left wins", []string{"Status", "Device Status"}, 0, "status"},
		{"synonym beats compound", []string{"Serial / Tag", "Service Tag"}, 1, "serial_number"},
		{"two synonyms: the first, reported", []string{"Serial", "Service Tag"}, 0, "serial_number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Map(tt.header, KindDevice, nil)
			if got := m.Index(tt.field); got != tt.want {
				t.Fatalf("%s read from column %d, want %d (%+v)", tt.field, got, tt.want, m.Columns)
			}
			if len(m.Duplicates) != 1 {
				t.Fatalf("the other column must be reported: %+v", m.Duplicates)
			}
			if msg := m.Duplicates[0].String(); !strings.Contains(msg, "map the one you want") {
				t.Fatalf("the report must say how to choose: %q", msg)
			}
		})
	}
}
