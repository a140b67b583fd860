package models_test

import (
	"context"
	"errors"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

func mustAuditCount(t *testing.T, st *models.Store, entity string) int64 {
	t.Helper()
	var n int64
	if err := st.DB(context.Background()).Model(&models.AuditEvent{}).Where("entity = ?", entity).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRenewalDecisions(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := models.WithActor(context.Background(), "sam")
		l := mustLicence(t, ctx, st, models.Licence{Product: "CAD", EndDate: models.MustDate("2027-01-10"), NoticeDays: 30})
		noEnd := mustLicence(t, ctx, st, models.Licence{Product: "Perpetual thing"})
		w := &models.Warranty{Kind: "support", Reference: models.StrPtr("S-1"), EndDate: models.MustDate("2027-03-01")}
		if err := st.CreateWarranty(ctx, w); err != nil {
			t.Fatal(err)
		}
		item := models.RenewalItem{Kind: models.RenewalLicence, ID: l.ID}
		steps := []struct {
			name    string
			version int64
			in      models.RenewalDecisionInput
			err     error
			want    string // decision after the step
			wantVer int64
			audits  int64 // audit events of renewal decisions after the step
		}{
			{"first decision", 0, models.RenewalDecisionInput{Decision: "renew", Owner: "Sam"}, nil, "renew", 1, 1},
			{"stale version", 0, models.RenewalDecisionInput{Decision: "cancel"}, models.ErrStale, "renew", 1, 1},
			{"unchanged writes nothing", 1, models.RenewalDecisionInput{Decision: "renew", Owner: "Sam"}, nil, "renew", 1, 1},
			{"change", 1, models.RenewalDecisionInput{Decision: "renegotiate", Owner: "Sam", Note: "ask for 10%\noff"}, nil, "renegotiate", 2, 2},
			{"bad decision", 2, models.RenewalDecisionInput{Decision: "maybe"}, models.ErrInvalid, "renegotiate", 2, 2},
			{"bad note", 2, models.RenewalDecisionInput{Decision: "cancel", Note: "a\x00b"}, models.ErrInvalid, "renegotiate", 2, 2},
		}
		for _, s := range steps {
			t.Run(s.name, func(t *testing.T) {
				_, err := st.SetRenewalDecision(ctx, item, s.version, s.in)
				if !errors.Is(err, s.err) || (s.err == nil && err != nil) {
					t.Fatalf("err %v, want %v", err, s.err)
				}
				got, err := st.GetRenewalDecision(ctx, item)
				if err != nil {
					t.Fatal(err)
				}
				if got.Decision != s.want || got.Version != s.wantVer || got.EndDate != l.EndDate {
					t.Errorf("decision %s v%d for %s, want %s v%d", got.Decision, got.Version, got.EndDate, s.want, s.wantVer)
				}
				if n := mustAuditCount(t, st, "renewal_decision"); n != s.audits {
					t.Errorf("%d audit events, want %d", n, s.audits)
				}
			})
		}
		t.Run("shown for its end date only", func(t *testing.T) {
			keys := []models.RenewalKey{{Kind: "licence", ID: l.ID, End: l.EndDate}, {Kind: "warranty", ID: w.ID, End: w.EndDate}}
			got, err := st.RenewalDecisions(ctx, keys)
			if err != nil || len(got) != 1 || got[item].Decision != "renegotiate" {
				t.Fatalf("decisions %+v, %v", got, err)
			}
			moved := l.EndDate.AddMonths(12)
			if _, err := st.UpdateLicence(ctx, l.ID, l.Version, func(x *models.Licence) error { x.EndDate = moved; return nil }); err != nil {
				t.Fatal(err)
			}
			keys[0].End = moved
			if got, err := st.RenewalDecisions(ctx, keys); err != nil || len(got) != 0 {
				t.Fatalf("after the end date moved: %+v, %v", got, err)
			}
			shown, err := st.GetRenewalDecision(ctx, item)
			if err != nil || shown.Decision != "undecided" || shown.Version != 0 || shown.EndDate != moved {
				t.Fatalf("after the end date moved: %+v, %v", shown, err)
			}
			// The person saw no decision, so version 0 records one for the new end date.
			d, err := st.SetRenewalDecision(ctx, item, 0, models.RenewalDecisionInput{Decision: "cancel"})
			if err != nil || d.Version != 3 || d.EndDate != moved {
				t.Fatalf("decision for the new end date: %+v, %v", d, err)
			}
		})
		for _, tc := range []struct {
			name string
			item models.RenewalItem
			err  error
		}{
			{"warranty", models.RenewalItem{Kind: "warranty", ID: w.ID}, nil},
			{"no such licence", models.RenewalItem{Kind: "licence", ID: 999999}, models.ErrNotFound},
			{"no such kind", models.RenewalItem{Kind: "device", ID: l.ID}, models.ErrNotFound},
			{"licence without end date", models.RenewalItem{Kind: "licence", ID: noEnd.ID}, models.ErrInvalid},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := st.SetRenewalDecision(ctx, tc.item, 0, models.RenewalDecisionInput{Decision: "renew"})
				if !errors.Is(err, tc.err) || (tc.err == nil && err != nil) {
					t.Fatalf("err %v, want %v", err, tc.err)
				}
			})
		}
	})
}
