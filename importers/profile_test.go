package importers_test

import (
	"context"
	"strings"
	"testing"

	"itreg/importers"
	"itreg/models"
	"itreg/models/modeltest"
)

func TestProfiles(t *testing.T) {
	export := []byte("Kit,Made by,Kind,Holder\nK-1,Dell,Lappy,Ana\nK-2,HP,Lappy,Bo\n")
	profile := importers.Profile{Name: "Kit list monthly", Kind: "devices", Columns: []string{"Kit", "Made by", "Kind"},
		Mapping: map[string]string{"Kit": "asset_tag", "Made by": "manufacturer", "Kind": "category"},
		Values:  map[string]map[string]string{"category": {"Lappy": "laptop"}}, MatchBy: importers.MatchSerial, KeepBlank: true}
	t.Run("a matching file uses the profile automatically", func(t *testing.T) {
		res := mustPreview(t, "kits.csv", export, importers.Options{Profiles: []importers.Profile{profile}})
		if res.Profile == nil || !res.Profile.Applied || res.Profile.Message != "using profile Kit list monthly" {
			t.Fatalf("profile %+v", res.Profile)
		}
		c := column(t, res.Sheets[0], "Kind")
		if c.Field != "category" || c.Parsed != "2 known category values" {
			t.Fatalf("column %+v", c)
		}
	})
	t.Run("a named profile whose columns are gone is not applied", func(t *testing.T) {
		changed := []byte("Kit,Manufacturer,Holder\nK-1,Dell,Ana\n")
		res := mustPreview(t, "kits.csv", changed, importers.Options{Profile: &profile})
		if res.Profile == nil || res.Profile.Applied || strings.Join(res.Profile.Missing, ",") != "Made by,Kind" {
			t.Fatalf("profile %+v", res.Profile)
		}
		if !strings.Contains(res.Profile.Message, `no column "Made by", "Kind"`) {
			t.Fatalf("message %q", res.Profile.Message)
		}
		if c := column(t, res.Sheets[0], "Kit"); c.Field != "" {
			t.Fatalf("the profile's mapping was applied silently: %+v", c)
		}
	})
	t.Run("a file with other headers uses no profile", func(t *testing.T) {
		res := mustPreview(t, "d.csv", []byte("Asset Tag,Serial\nA,B\n"), importers.Options{Profiles: []importers.Profile{profile}})
		if res.Profile != nil {
			t.Fatalf("profile %+v", res.Profile)
		}
	})
	t.Run("a profile with an unknown match key is refused", func(t *testing.T) {
		bad := profile
		bad.MatchBy = "hostname"
		if _, err := importers.ProfileRecord(bad); err == nil || !strings.Contains(err.Error(), "match_by") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("a profile with a value mapping to an unknown value is refused", func(t *testing.T) {
		bad := profile
		// A category may be mapped to a new one (the import creates it); a status may not.
		bad.Values = map[string]map[string]string{"status": {"Lappy": "lapdog"}}
		if _, err := importers.ProfileRecord(bad); err == nil || !strings.Contains(err.Error(), `"lapdog"`) {
			t.Fatalf("err = %v", err)
		}
	})
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		if _, err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		rec, err := importers.ProfileRecord(profile)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.CreateImportProfile(ctx, rec); err != nil {
			t.Fatal(err)
		}
		stored, err := st.FindImportProfile(ctx, "kit list monthly")
		if err != nil {
			t.Fatal(err)
		}
		back, err := importers.ProfileOf(*stored)
		if err != nil || back.Mapping["Kit"] != "asset_tag" || back.Values["category"]["Lappy"] != "laptop" || back.MatchBy != importers.MatchSerial ||
			!back.KeepBlank {
			t.Fatalf("%v %+v", err, back)
		}
		res := importBytes(t, st, "kits.csv", export, importers.Options{Profiles: []importers.Profile{back}})
		if res.Status != models.ImportSucceeded || res.Counts.Created != 2 || res.Profile == nil || !res.Profile.Applied {
			t.Fatalf("%s %+v %+v %v", res.Status, res.Counts, res.Profile, res.Errors)
		}
		d, err := st.FindDeviceByAssetTag(ctx, "K-2")
		if err != nil || d.Category != "laptop" || d.AssignedTo != "Bo" {
			t.Fatalf("%v %+v", err, d)
		}
	})
}
