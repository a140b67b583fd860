package models_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

// TestLicenceKeyNeverInTheAuditTrail: a change of key is recorded as a change, but neither the
// key nor any digest of it (which a viewer could test guesses against) is written.
func TestLicenceKeyNeverInTheAuditTrail(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		const key, newKey = "ABCDE-12345-FGHIJ", "ZZZZZ-99999-YYYYY"
		l := &models.Licence{Product: "Office", Type: "subscription", Metric: "per_user", Key: key}
		if err := st.CreateLicence(ctx, l); err != nil {
			t.Fatal(err)
		}
		if _, err := st.UpdateLicence(ctx, l.ID, 1, func(x *models.Licence) error { x.Key = newKey; return nil }); err != nil {
			t.Fatal(err)
		}
		evs, err := st.ListAuditEvents(ctx, models.AuditFilter{Entity: "licence", EntityID: l.ID})
		if err != nil || len(evs.Items) != 2 {
			t.Fatalf("%v, %d events", err, len(evs.Items))
		}
		update := evs.Items[0]
		if _, ok := update.Changes["key"]; !ok || update.Action != "update" {
			t.Fatalf("the key change is not recorded: %+v", update)
		}
		raw, _ := models.Changes(update.Changes).Value()
		created, _ := evs.Items[1].Changes.Value()
		for _, text := range []string{raw.(string), created.(string)} {
			for _, k := range []string{key, newKey} {
				sum := sha256.Sum256([]byte(k))
				digest := hex.EncodeToString(sum[:])
				if strings.Contains(text, k) || strings.Contains(text, digest[:8]) {
					t.Fatalf("audit trail reveals the key: %s", text)
				}
			}
			if !strings.Contains(text, `"(hidden)"`) {
				t.Fatalf("audit trail does not mark the key: %s", text)
			}
		}
	})
}
