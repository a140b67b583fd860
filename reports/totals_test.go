package reports

import (
	"bytes"
	"encoding/json"
	"testing"

	"itreg/models"
)

func TestNoTotalColumnsAreLeftOutOfTotals(t *testing.T) {
	tbl := &Table{
		Name: "t", Title: "t",
		Columns: []Column{
			{Key: "cost", Title: "Cost", Type: MoneyCol},
			{Key: "per_seat", Title: "Per seat", Type: MoneyCol, NoTotal: true},
		},
		Rows: StaticRows([]Row{
			{Cells: []any{models.Money{Amount: 1000, Currency: "GBP"}, models.Money{Amount: 500, Currency: "GBP"}}},
			{Cells: []any{models.Money{Amount: 2000, Currency: "GBP"}, models.Money{Amount: 250, Currency: "GBP"}}},
		}),
	}
	var buf bytes.Buffer
	if err := RenderJSON(&buf, tbl); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Totals map[string][]models.Money `json:"totals"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if _, ok := doc.Totals["per_seat"]; ok {
		t.Errorf("per_seat totalled: %s", buf.String())
	}
	if got := doc.Totals["cost"]; len(got) != 1 || got[0].Amount != 3000 {
		t.Errorf("cost totals %+v, want 30.00 GBP", got)
	}
}
