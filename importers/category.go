package importers

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"itreg/importers/fields"
	"itreg/models"
)

// Categories an import reads and creates. A category column is read against the register's
// categories (fields.ParseCategory); a value the value mapping maps to a category that does
// not exist yet makes the import create it (class other, the lifetime of "other"), never
// silently: the sheet's findings say "would create" in a dry run and "created" in a commit.

// resolveCategoryTargets spells the value mapping's category targets as the register's
// categories do, and returns the targets that name no category (lower-case name -> name).
func resolveCategoryTargets(vm map[string]map[string]string, set *models.CategorySet) map[string]string {
	out := map[string]string{}
	for from, to := range vm["category"] {
		name, isNew, err := fields.CategoryTarget(to, set)
		if err != nil {
			continue // normalizeValueMap has refused it already
		}
		vm["category"][from] = name
		if isNew {
			out[strings.ToLower(name)] = name
		}
	}
	return out
}

// categoryExists reports whether name is a category of the register or one this import has
// created.
func (s *session) categoryExists(name string) bool {
	if _, ok := s.opt.Categories.Find(name); ok {
		return true
	}
	return s.madeCat[strings.ToLower(name)]
}

// otherCategory is the category a new device the file gives none goes to.
func (s *session) otherCategory() string {
	if c, ok := s.opt.Categories.OfClass(models.CategoryOther); ok {
		return c.Name
	}
	return models.CategoryOther
}

// ensureCategories creates, in the import's transaction, the new categories that the batch's
// device rows were mapped to, each once, and reports each in the sheet's findings.
func (s *session) ensureCategories(p *plan, sr *SheetResult, rows []*parsed) error {
	if p.kind != fields.KindDevice || len(s.newCats) == 0 {
		return nil
	}
	var want []string
	for _, r := range rows {
		d, ok := r.rec.(*models.Device)
		if !ok || len(r.errs) > 0 {
			continue
		}
		low := strings.ToLower(d.Category)
		if name, isNew := s.newCats[low]; isNew && !s.madeCat[low] && !slices.Contains(want, name) {
			want = append(want, name)
		}
	}
	slices.Sort(want)
	lifetime := models.DefaultLifetimeMonths[models.CategoryOther]
	if c, ok := s.opt.Categories.OfClass(models.CategoryOther); ok {
		lifetime = c.LifetimeMonths
	}
	for _, name := range want {
		c := &models.Category{Name: name, Class: models.CategoryOther, LifetimeMonths: lifetime}
		if err := s.tx.CreateCategory(s.ctx, c); err != nil {
			return fmt.Errorf("create category %q: %w", name, err)
		}
		s.madeCat[strings.ToLower(name)] = true
		what := "created category %q (class other, lifetime %d months), as the value mapping says; set its class and lifetime under Admin > Categories"
		if s.opt.DryRun {
			what = "would create category %q (class other, lifetime %d months), as the value mapping says"
		}
		sr.Findings = append(sr.Findings, fmt.Sprintf(what, name, lifetime))
	}
	return nil
}

// UseCategories reads the register's categories into opt, so a preview reads a category
// column as the import will.
func UseCategories(ctx context.Context, st *models.Store, opt *Options) error {
	set, err := st.Categories(ctx)
	if err != nil {
		return err
	}
	opt.Categories = set
	return nil
}
