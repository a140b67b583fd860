package importers_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"itreg/importers"
	"itreg/models"
	"itreg/models/modeltest"
)

// A data-centre export: its device types are categories of the register's own, everyday
// words for the built-in ones, and values that become categories through the value mapping.
const dataCentreCSV = `Asset Tag,Device Type,Purchase Date
DC-1,UPS,2022-01-10
DC-2,ups,2022-01-10
DC-3,Notebook,2022-01-10
DC-4,Firewall,2022-01-10
DC-5,Blade Chassis,2022-01-10
DC-6,PDU,2022-01-10
`

func TestImportCategories(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := models.WithActor(context.Background(), "test")
		for _, c := range []*models.Category{{Name: "UPS", Class: "other", LifetimeMonths: 96}, {Name: "Firewall", Class: "network", LifetimeMonths: 72}} {
			if err := st.CreateCategory(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		count := func() int {
			set, err := st.Categories(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return len(set.All())
		}
		t.Run("an unknown value with no mapping is a row error saying how to map or create it", func(t *testing.T) {
			res := run(t, st, "dc.csv", dataCentreCSV, importers.Options{DryRun: true})
			var msgs []string
			for _, e := range res.Errors {
				msgs = append(msgs, e.Message)
			}
			all := strings.Join(msgs, "\n")
			// "Blade Chassis" reads as server (a blade is); "PDU" is nothing the register knows.
			if res.Counts.Failed != 1 || !strings.Contains(all, `"PDU" is not a category`) ||
				!strings.Contains(all, "value mapping") || !strings.Contains(all, "Admin > Categories") {
				t.Fatalf("failed %d, errors:\n%s", res.Counts.Failed, all)
			}
		})
		mapping := map[string]map[string]string{"category": {"Blade Chassis": "Blade chassis", "pdu": "Power distribution unit"}}
		t.Run("the dry run lists the categories it would create and creates none", func(t *testing.T) {
			before := count()
			res := run(t, st, "dc.csv", dataCentreCSV, importers.Options{DryRun: true, ValueMap: mapping})
			if res.Counts.Failed != 0 {
				t.Fatalf("errors %+v", res.Errors)
			}
			f := strings.Join(res.Sheets[0].Findings, "\n")
			if !strings.Contains(f, `would create category "Blade chassis"`) || !strings.Contains(f, `would create category "Power distribution unit"`) {
				t.Errorf("findings %q", f)
			}
			if count() != before {
				t.Error("a dry run created categories")
			}
		})
		var commit int64
		t.Run("the commit creates them and files every row under its category", func(t *testing.T) {
			res := run(t, st, "dc.csv", dataCentreCSV, importers.Options{ValueMap: mapping})
			commit = res.ID
			if res.Counts.Created != 6 || !strings.Contains(strings.Join(res.Sheets[0].Findings, "\n"), `created category "Blade chassis"`) {
				t.Fatalf("counts %+v findings %q errors %+v", res.Counts, res.Sheets[0].Findings, res.Errors)
			}
			want := map[string]string{"DC-1": "UPS", "DC-2": "UPS", "DC-3": "laptop", "DC-4": "Firewall", "DC-5": "Blade chassis",
				"DC-6": "Power distribution unit"}
			for tag, cat := range want {
				d, err := st.FindDeviceByAssetTag(ctx, tag)
				if err != nil || d.Category != cat {
					t.Errorf("%s: category %q (%v), want %q", tag, d.Category, err, cat)
				}
			}
			set, err := st.Categories(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if c, ok := set.Find("blade chassis"); !ok || c.Class != "other" || c.LifetimeMonths != 60 {
				t.Errorf("created category %+v %v", c, ok)
			}
			events, err := st.ListAuditEvents(ctx, models.AuditFilter{Entity: "category", EntityID: set.All()[len(set.All())-1].ID})
			if err != nil || len(events.Items) != 1 || events.Items[0].Actor != "import #"+itoa64(res.ID) {
				t.Errorf("creation not audited by the import: %+v %v", events.Items, err)
			}
		})
		t.Run("undo removes the categories it created, but one a device of someone else's uses", func(t *testing.T) {
			if err := st.CreateDevice(ctx, &models.Device{AssetTag: models.StrPtr("MINE-1"), Category: "blade chassis", Status: "deployed"}); err != nil {
				t.Fatal(err)
			}
			if _, err := st.UndoImport(ctx, commit); err != nil {
				t.Fatal(err)
			}
			set, err := st.Categories(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := set.Find("Power distribution unit"); ok {
				t.Error("the category only the import's devices used is still there")
			}
			if _, ok := set.Find("Blade chassis"); !ok {
				t.Error("the category another device uses was deleted")
			}
		})
		t.Run("a mapping to a name that cannot be a category is refused", func(t *testing.T) {
			_, err := importers.Import(ctx, st, "dc.csv", strings.NewReader(dataCentreCSV), int64(len(dataCentreCSV)),
				importers.Options{DryRun: true, ValueMap: map[string]map[string]string{"category": {"PDU": "a,b"}}})
			var fe *models.FieldError
			if !errors.As(err, &fe) || !strings.Contains(fe.Fields["value_map"], "comma") {
				t.Errorf("got %v", err)
			}
		})
	})
}
