package models_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"itreg/models"
	"itreg/models/modeltest"
)

// longestActor builds the longest actor the code can build: a token of the longest name
// acting for a person of the longest email, in multi-byte characters.
func longestActor() string {
	email := strings.Repeat("é", models.MaxEmail-len("@example.org")) + "@example.org"
	return "token:" + strings.Repeat("名", models.MaxTokenName) + " (" + email + ")"
}

// TestLongestActorFits checks that the actor columns hold the longest actor and that a token
// name over the limit is refused where it enters, not as a 500 on the token's first write.
func TestLongestActorFits(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		actor := longestActor()
		if n := len([]rune(actor)); n > models.MaxActor {
			t.Fatalf("the longest actor has %d characters, the columns %d", n, models.MaxActor)
		}
		ctx := models.WithActor(context.Background(), actor)
		t.Run("audit event", func(t *testing.T) {
			if err := st.CreateVendor(ctx, &models.Vendor{Name: "Long Actor Ltd"}); err != nil {
				t.Fatal(err)
			}
		})
		t.Run("import run", func(t *testing.T) {
			if err := st.CreateImportRun(ctx, &models.ImportRun{CreatedAt: modeltest.Clock, Status: models.ImportQueued, Actor: actor}); err != nil {
				t.Fatal(err)
			}
		})
		t.Run("token name over the limit", func(t *testing.T) {
			_, _, err := st.CreateToken(context.Background(), strings.Repeat("n", models.MaxTokenName+1), models.RoleEditor)
			if !errors.Is(err, models.ErrInvalid) {
				t.Fatalf("CreateToken = %v, want ErrInvalid", err)
			}
			if _, _, err := st.CreateToken(context.Background(), strings.Repeat("名", models.MaxTokenName), models.RoleEditor); err != nil {
				t.Fatal(err)
			}
		})
	})
}
