package models_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"itreg/models"
	"itreg/models/modeltest"
)

// TestDatabaseErrorsLogged checks that a failed statement is logged through the store's slog
// logger as a JSON line at the logger's level, without the values it carried, and that a
// higher level silences it.
func TestDatabaseErrorsLogged(t *testing.T) {
	for _, d := range modeltest.Dialects(t) {
		for _, level := range []slog.Level{slog.LevelInfo, slog.LevelError + 1} {
			t.Run(d+"/"+level.String(), func(t *testing.T) {
				ctx := context.Background()
				var buf bytes.Buffer
				log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: level}))
				st, err := models.Open(ctx, modeltest.MustDatabaseURL(t, d), models.Options{Log: log,
					Now: func() time.Time { return modeltest.Clock }})
				if err != nil {
					t.Fatal(err)
				}
				defer st.Close()
				if _, err := st.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				buf.Reset()
				for range 2 {
					st.CreateVendor(ctx, &models.Vendor{Name: "Secret-Value-Vendor"})
				}
				out := strings.TrimSpace(buf.String())
				if level > slog.LevelError {
					if out != "" {
						t.Fatalf("logged above its level: %s", out)
					}
					return
				}
				if out == "" {
					t.Fatal("the failed insert was not logged")
				}
				for _, line := range strings.Split(out, "\n") {
					var rec map[string]any
					if err := json.Unmarshal([]byte(line), &rec); err != nil {
						t.Fatalf("not a JSON line: %s", line)
					}
					if strings.Contains(line, "Secret-Value-Vendor") {
						t.Errorf("the log holds a value: %s", line)
					}
				}
			})
		}
	}
}
