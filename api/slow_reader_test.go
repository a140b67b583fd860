package api

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"itreg/models"
)

// stalledReports is how many report downloads the slow-reader tests leave unread: more than
// Postgres' pool (20) and SQLite's writer plus read pool.
const stalledReports = 30

// mustLicences adds n licences in one transaction, so reports over them run to several pages.
func mustLicences(tb testing.TB, st *models.Store, n int) {
	tb.Helper()
	err := st.WithTx(context.Background(), func(tx *models.Store) error {
		for i := range n {
			seats := int64(i%7 + 1)
			l := &models.Licence{Product: fmt.Sprintf("Seat product %05d", i), Type: "subscription", Metric: "per_user",
				Seats: &seats, EndDate: models.MustDate("2027-01-31"), NoticeDays: 30,
				Cost: models.Money{Amount: int64(1000 + i%13*100), Currency: "GBP"}, BillingPeriod: "annual"}
			if err := tx.CreateLicence(context.Background(), l); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// smallBufferListener shrinks each accepted connection's send buffer, so a client that stops
// reading blocks the server's writes after kilobytes rather than megabytes.
type smallBufferListener struct{ net.Listener }

func (l smallBufferListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(4096)
	}
	return c, err
}

// mustServe serves a's router on a real socket whose sends are small.
func mustServe(tb testing.TB, a *testAPI) *httptest.Server {
	tb.Helper()
	srv := httptest.NewUnstartedServer(a.server.Router())
	srv.Listener = smallBufferListener{srv.Listener}
	srv.Start()
	tb.Cleanup(srv.Close)
	return srv
}

// mustStall starts a download of path as the token's bearer, reads until want arrives (the
// report is then writing rows) and stops reading. Closing the returned connection ends it.
func mustStall(ctx context.Context, tb testing.TB, addr, token, path, want string) net.Conn {
	tb.Helper()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close() })
	conn.(*net.TCPConn).SetReadBuffer(4096)
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: itreg\r\nAuthorization: Bearer %s\r\n\r\n", path, token)
	if dl, ok := ctx.Deadline(); ok {
		conn.SetReadDeadline(dl)
	}
	r := bufio.NewReaderSize(conn, 512)
	var got []byte
	buf := make([]byte, 512)
	for !bytes.Contains(got, []byte(want)) {
		n, err := r.Read(buf)
		if err != nil {
			tb.Fatalf("stalled download %s: %v after %q", path, err, got)
		}
		got = append(got, buf[:n]...)
		if len(got) > 1<<16 {
			got = got[len(got)-1024:]
		}
	}
	return conn
}

// TestStalledReportsDoNotBlock leaves more report downloads unread than the database has
// connections and asks for the vendors meanwhile: the list must answer, because no report
// holds a connection while it waits on its client.
func TestStalledReportsDoNotBlock(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		mustLicences(t, a.store, 2500)
		// Long enough that only paging, not the write deadline, can free the connections.
		a.server.WriteStall = 10 * time.Minute
		a.server.HeavyPerIdentity = 1000
		srv := mustServe(t, a)
		addr := srv.Listener.Addr().String()
		for _, format := range []string{"csv", "json"} {
			for range stalledReports / 2 {
				mustStall(ctx, t, addr, a.tokens[models.RoleViewer], "/api/v1/reports/licence-compliance?format="+format, "Seat product")
			}
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/api/v1/vendors", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+a.tokens[models.RoleEditor])
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatalf("GET /api/v1/vendors while %d downloads stall: %v", stalledReports, err)
		}
		defer resp.Body.Close()
		io.Copy(io.Discard, resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET /api/v1/vendors: status %d", resp.StatusCode)
		}
	})
}

// TestHeavyRequestsPerToken checks that a token running as many reports as allowed gets 429
// with Retry-After for one more, while another token is still served.
func TestHeavyRequestsPerToken(t *testing.T) {
	forEachAPI(t, func(t *testing.T, a *testAPI) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		mustLicences(t, a.store, 1500)
		a.server.HeavyPerIdentity = 1
		srv := mustServe(t, a)
		stalled := mustStall(ctx, t, srv.Listener.Addr().String(), a.tokens[models.RoleViewer],
			"/api/v1/reports/licence-compliance?format=csv", "Seat product")
		cases := []struct {
			name, role, path string
			status           int
		}{
			{"same token, another report", models.RoleViewer, "/api/v1/reports/renewals?format=csv", http.StatusTooManyRequests},
			{"same token, a list", models.RoleViewer, "/api/v1/licences?limit=1", http.StatusOK},
			{"another token, a report", models.RoleEditor, "/api/v1/reports/renewals?format=csv", http.StatusOK},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+tc.path, nil)
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Authorization", "Bearer "+a.tokens[tc.role])
				resp, err := srv.Client().Do(req)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != tc.status {
					t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, body)
				}
				if tc.status == http.StatusTooManyRequests {
					if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || s <= 0 {
						t.Errorf("Retry-After = %q, want seconds", resp.Header.Get("Retry-After"))
					}
					if !bytes.Contains(body, []byte("too_many_requests")) {
						t.Errorf("body %s does not say too_many_requests", body)
					}
				}
			})
		}
		stalled.Close()
	})
}
