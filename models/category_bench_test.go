package models_test

import (
	"context"
	"fmt"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

// BenchmarkLifetimeDefaults measures reading the categories afresh, as every lifetime lookup
// and end-of-life condition does, with the eleven built-in categories and 40 of the
// register's own.
func BenchmarkLifetimeDefaults(b *testing.B) {
	for _, d := range modeltest.Dialects(b) {
		b.Run(d, func(b *testing.B) {
			st := modeltest.MustStore(b, d)
			ctx := models.WithActor(context.Background(), "bench")
			for i := range 40 {
				if err := st.CreateCategory(ctx, &models.Category{Name: fmt.Sprintf("Kind %02d", i), Class: "other", LifetimeMonths: 60}); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			for b.Loop() {
				if len(st.LifetimeDefaults()) != 51 {
					b.Fatal("categories missing")
				}
			}
		})
	}
}
