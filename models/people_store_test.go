package models_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"itreg/models"
	"itreg/models/modeltest"
)

const pw = "correct horse battery staple"

var client = models.ClientInfo{Addr: "198.51.100.7", UserAgent: "Firefox\x00\n<script>"}

// mustInvite creates a user and returns them with their set-password link secret.
func mustInvite(t *testing.T, st *models.Store, email, role string) (*models.User, string) {
	t.Helper()
	u, link, err := st.CreateUser(models.WithActor(context.Background(), "test"), models.UserInput{Email: email, Role: role})
	if err != nil {
		t.Fatal(err)
	}
	return u, link
}

// at sets the store's clock to modeltest.Clock plus d.
func at(st *models.Store, d time.Duration) {
	st.Now = func() time.Time { return modeltest.Clock.Add(d) }
}

func TestUsersAndSessions(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		u, link := mustInvite(t, st, "Ana@Example.com", models.RoleEditor)
		t.Run("email is unique whatever its case", func(t *testing.T) {
			_, _, err := st.CreateUser(ctx, models.UserInput{Email: "ana@example.COM", Role: models.RoleViewer})
			var ce *models.ConflictError
			if !errors.As(err, &ce) || ce.Fields["email"] == "" {
				t.Fatalf("duplicate email: %v", err)
			}
		})
		t.Run("no password until the link is used", func(t *testing.T) {
			if _, _, err := st.PasswordSignIn(ctx, "ana@example.com", "", client); !errors.Is(err, models.ErrUnauthorized) {
				t.Fatalf("sign in without a password: %v", err)
			}
		})
		t.Run("the link is used once, even by two at the same time", func(t *testing.T) {
			var wg sync.WaitGroup
			errs := make([]error, 4)
			for i := range errs {
				wg.Go(func() { _, _, errs[i] = st.SetPasswordFromLink(ctx, link, pw, client) })
			}
			wg.Wait()
			ok := 0
			for _, err := range errs {
				switch {
				case err == nil:
					ok++
				case !errors.Is(err, models.ErrGone) && !errors.Is(err, models.ErrConflict):
					t.Errorf("unexpected error %v", err)
				}
			}
			if ok != 1 {
				t.Fatalf("%d uses of one link succeeded", ok)
			}
		})
		var secret string
		t.Run("sign in stores only a hash and cleans the user agent", func(t *testing.T) {
			var err error
			_, secret, err = st.PasswordSignIn(ctx, " ANA@example.com ", pw, client)
			if err != nil {
				t.Fatal(err)
			}
			_, s, err := st.SessionUser(ctx, secret)
			if err != nil {
				t.Fatal(err)
			}
			if s.UserAgent != "Firefox<script>" || s.ClientAddr != "198.51.100.7" {
				t.Errorf("session %+v", s)
			}
			var n int64
			st.DB(ctx).Table("sessions").Where("secret_hash = ?", secret).Count(&n)
			if n != 0 {
				t.Error("the session secret is stored in clear")
			}
		})
		t.Run("idle expiry slides with use, the absolute one does not", func(t *testing.T) {
			defer at(st, 0)
			for h := time.Duration(11); h < 24*30; h += 11 {
				at(st, h*time.Hour)
				if _, _, err := st.SessionUser(ctx, secret); err != nil {
					t.Fatalf("a session used every 11 h ended at %d h: %v", h, err)
				}
			}
			at(st, models.DefaultSessionMax)
			if _, _, err := st.SessionUser(ctx, secret); !errors.Is(err, models.ErrUnauthorized) {
				t.Fatalf("a 30-day-old session still works: %v", err)
			}
		})
		t.Run("a shorter configured idle time applies", func(t *testing.T) {
			st.Sessions = models.SessionPolicy{Idle: time.Hour, Max: 2 * time.Hour}
			defer func() { st.Sessions = models.SessionPolicy{}; at(st, 0) }()
			_, s, err := st.PasswordSignIn(ctx, "ana@example.com", pw, client)
			if err != nil {
				t.Fatal(err)
			}
			at(st, time.Hour)
			if _, _, err := st.SessionUser(ctx, s); !errors.Is(err, models.ErrUnauthorized) {
				t.Fatalf("an hour-idle session still works: %v", err)
			}
		})
		t.Run("update account", func(t *testing.T) {
			got, err := st.UpdateAccount(ctx, u.ID, " Ana Lima ", models.LandingProcurement)
			if err != nil || got.Name != "Ana Lima" || got.Landing != "procurement" || got.Version != 2 {
				t.Fatalf("update account: %+v %v", got, err)
			}
			var fe *models.FieldError
			if _, err := st.UpdateAccount(ctx, u.ID, "x", "marketing"); !errors.As(err, &fe) || fe.Fields["landing"] == "" {
				t.Fatalf("bad landing: %v", err)
			}
		})
		t.Run("reset clears the password and ends sessions", func(t *testing.T) {
			_, s, err := st.PasswordSignIn(ctx, "ana@example.com", pw, client)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := st.ResetPassword(ctx, u.ID); err != nil {
				t.Fatal(err)
			}
			if _, _, err := st.SessionUser(ctx, s); !errors.Is(err, models.ErrUnauthorized) {
				t.Errorf("session after reset: %v", err)
			}
			if _, _, err := st.PasswordSignIn(ctx, "ana@example.com", pw, client); !errors.Is(err, models.ErrUnauthorized) {
				t.Errorf("old password after reset: %v", err)
			}
		})
	})
}

func TestThrottlePerAddress(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		// Many accounts, one address: the address's own limit stops the spray.
		var err error
		for i := range 21 {
			_, _, err = st.PasswordSignIn(ctx, "user"+string(rune('a'+i))+"@example.com", "wrong password!", client)
		}
		var te *models.ThrottleError
		if !errors.As(err, &te) || te.RetryAfter != time.Minute {
			t.Fatalf("the 21st failure from one address: %v", err)
		}
		other := models.ClientInfo{Addr: "203.0.113.5"}
		if _, _, err := st.PasswordSignIn(ctx, "usera@example.com", "wrong password!", other); !errors.Is(err, models.ErrUnauthorized) {
			t.Fatalf("another address is throttled too: %v", err)
		}
		t.Run("the wait doubles", func(t *testing.T) {
			defer at(st, 0)
			at(st, time.Minute)
			st.PasswordSignIn(ctx, "userz@example.com", "wrong password!", client)
			_, _, err := st.PasswordSignIn(ctx, "userz@example.com", "wrong password!", client)
			if !errors.As(err, &te) || te.RetryAfter != 2*time.Minute {
				t.Fatalf("after the 22nd failure: %v", err)
			}
		})
	})
}

func TestOwnedTokens(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		u, _ := mustInvite(t, st, "ana@example.com", models.RoleAdmin)
		secret, tok, err := st.CreateUserToken(ctx, "ci-export", models.RoleAdmin, &u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if tok.Actor() != "token:ci-export (ana@example.com)" {
			t.Errorf("actor %q", tok.Actor())
		}
		t.Run("demoting the owner caps the token", func(t *testing.T) {
			if err := st.DB(ctx).Table("users").Where("id = ?", u.ID).Update("role", models.RoleViewer).Error; err != nil {
				t.Fatal(err)
			}
			got, err := st.Authenticate(ctx, secret)
			if err != nil || got.EffectiveRole() != models.RoleViewer {
				t.Fatalf("token %+v %v", got, err)
			}
		})
		t.Run("a token above the owner's role is forbidden", func(t *testing.T) {
			if _, _, err := st.CreateUserToken(ctx, "x", models.RoleEditor, &u.ID); !errors.Is(err, models.ErrForbidden) {
				t.Fatalf("got %v", err)
			}
		})
		t.Run("an unknown owner is a field error", func(t *testing.T) {
			nobody := int64(999)
			var fe *models.FieldError
			if _, _, err := st.CreateUserToken(ctx, "x", models.RoleViewer, &nobody); !errors.As(err, &fe) || fe.Fields["owner_id"] == "" {
				t.Fatalf("got %v", err)
			}
		})
		t.Run("only the owner revokes through their account", func(t *testing.T) {
			if err := st.RevokeUserToken(ctx, u.ID+1, tok.ID); !errors.Is(err, models.ErrNotFound) {
				t.Fatalf("another user revoked it: %v", err)
			}
			if err := st.RevokeUserToken(ctx, u.ID, tok.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := st.Authenticate(ctx, secret); !errors.Is(err, models.ErrNotFound) {
				t.Fatalf("revoked token works: %v", err)
			}
		})
	})
}

func TestOIDCSignInStore(t *testing.T) {
	modeltest.ForEachDialect(t, func(t *testing.T, st *models.Store) {
		ctx := context.Background()
		id := models.OIDCIdentity{Issuer: "https://idp.example", Subject: "s-1", Email: "bo@example.com", EmailVerified: true, Name: "Bo", Role: models.RoleEditor}
		mustInvite(t, st, "cy@example.com", models.RoleViewer)
		tests := []struct {
			name string
			id   models.OIDCIdentity
			want error
		}{
			{"an unverified address may not take over an invited user", models.OIDCIdentity{Issuer: id.Issuer, Subject: "s-2",
				Email: "cy@example.com", Role: models.RoleAdmin}, models.ErrConflict},
			{"no role", models.OIDCIdentity{Issuer: id.Issuer, Subject: "s-3", Email: "dee@example.com", EmailVerified: true}, models.ErrForbidden},
			{"no usable address", models.OIDCIdentity{Issuer: id.Issuer, Subject: "s-4", Email: "not an address", Role: models.RoleViewer},
				models.ErrUnauthorized},
			{"first sign-in creates the user", id, nil},
			{"a verified address links to the invited user", models.OIDCIdentity{Issuer: id.Issuer, Subject: "s-5",
				Email: "CY@example.com", EmailVerified: true, Role: models.RoleEditor}, nil},
			{"a second subject may not take a linked user", models.OIDCIdentity{Issuer: id.Issuer, Subject: "s-6",
				Email: "cy@example.com", EmailVerified: true, Role: models.RoleAdmin}, models.ErrConflict},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, secret, err := st.OIDCSignIn(ctx, tt.id, client)
				if !errors.Is(err, tt.want) || (err == nil) != (secret != "") {
					t.Fatalf("got %v (secret %t), want %v", err, secret != "", tt.want)
				}
			})
		}
		users, err := st.ListUsers(ctx)
		if err != nil || len(users) != 2 || users[1].Email != "cy@example.com" || users[1].Role != models.RoleEditor {
			t.Fatalf("users %+v %v", users, err)
		}
	})
}

func TestTokensSurviveThePeopleMigration(t *testing.T) {
	for _, d := range modeltest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			st, err := models.Open(ctx, modeltest.MustDatabaseURL(t, d), models.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if err := st.MigrateTo(ctx, 2); err != nil {
				t.Fatal(err)
			}
			const secret = "itr_made-before-people-existed"
			err = st.DB(ctx).Exec(`INSERT INTO api_tokens (name, role, prefix, token_hash, created_at) VALUES (?, ?, ?, ?, ?)`,
				"make-run", models.RoleAdmin, secret[:10], models.HashToken(secret), time.Now().UTC()).Error
			if err != nil {
				t.Fatal(err)
			}
			if _, err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			tok, err := st.Authenticate(ctx, secret)
			if err != nil || tok.OwnerID != nil || tok.EffectiveRole() != models.RoleAdmin || tok.Actor() != "token:make-run" {
				t.Fatalf("token after migration: %+v %v", tok, err)
			}
			list, err := st.ListTokens(ctx)
			if err != nil || len(list) != 1 || list[0].OwnerID != nil || list[0].OwnerEmail != "" {
				t.Fatalf("tokens after migration: %+v %v", list, err)
			}
		})
	}
}
