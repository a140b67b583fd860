package web

import (
	"errors"
	"strings"

	"github.com/gin-gonic/gin"

	"itreg/importers"
	"itreg/models"
)

// saveWizardProfile saves the wizard's choices as a profile named st.SaveAs: made from the
// headers of the file's sheets (a later file must have them all), updated when it is the
// profile the wizard started from.
func (a *App) saveWizardProfile(c *gin.Context, run *models.ImportRun, file []byte, st wizardState, opt importers.Options) error {
	ctx := c.Request.Context()
	plain := opt
	plain.ValueMap, plain.Profile, plain.Profiles = nil, nil, nil
	res, err := preview(ctx, run, file, plain)
	if err != nil {
		return err
	}
	p := importers.Profile{Name: st.SaveAs, Mapping: st.Mapping, SheetMapping: st.SheetMapping, Values: st.ValueMap, DateOrder: st.DateOrder,
		Currency:    opt.Currency,
		KeepUnknown: opt.KeepUnknown, MatchBy: opt.MatchBy, KeepBlank: opt.KeepBlank}
	kinds := map[string]bool{}
	for _, ps := range res.Sheets {
		if ps.Kind == "" {
			continue
		}
		kinds[ps.Kind] = true
		for _, pc := range ps.Columns {
			if strings.TrimSpace(pc.Header) != "" {
				p.Columns = append(p.Columns, pc.Header)
			}
		}
	}
	if len(kinds) == 1 {
		for k := range kinds {
			p.Kind = k
		}
	}
	if strings.EqualFold(st.SaveAs, st.Using) {
		stored, err := a.models.FindImportProfile(ctx, st.Using)
		if err == nil {
			p.Notes = stored.Notes
			rec, err := importers.ProfileRecord(p)
			if err != nil {
				return err
			}
			_, err = a.models.UpdateImportProfile(ctx, stored.ID, stored.Version, func(r *models.ImportProfile) error {
				r.Name, r.Kind, r.Columns, r.Options = rec.Name, rec.Kind, rec.Columns, rec.Options
				return nil
			})
			return err
		}
		if !errors.Is(err, models.ErrNotFound) {
			return err
		}
	}
	rec, err := importers.ProfileRecord(p)
	if err != nil {
		return err
	}
	return a.models.CreateImportProfile(ctx, rec)
}
