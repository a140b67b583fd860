package importers

import (
	"context"
	"errors"

	"itreg/models"
)

// LoadProfiles reads every stored import profile.
func LoadProfiles(ctx context.Context, st *models.Store) ([]Profile, error) {
	recs, err := st.ListImportProfiles(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Profile, 0, len(recs))
	for _, r := range recs {
		p, err := ProfileOf(r)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// UseProfiles gives opt the stored profiles: the one named (a *models.ParamError naming the
// option "profile" when none has that name), or, with name "", every profile as a candidate.
func UseProfiles(ctx context.Context, st *models.Store, opt *Options, name string) error {
	if name != "" {
		rec, err := st.FindImportProfile(ctx, name)
		if errors.Is(err, models.ErrNotFound) {
			return &models.ParamError{Param: "profile", Message: "no import profile is named " + name}
		}
		if err != nil {
			return err
		}
		p, err := ProfileOf(*rec)
		if err != nil {
			return err
		}
		opt.Profile = &p
		return nil
	}
	list, err := LoadProfiles(ctx, st)
	opt.Profiles = list
	return err
}
