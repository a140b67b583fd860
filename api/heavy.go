package api

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"

	"github.com/gin-gonic/gin"
)

// heavyRoutes are the requests that read or write the whole register or a whole file:
// reports, the export, error workbooks and uploads. Each identity may run only a few at once;
// the calendar feed, which authenticates itself, takes its slot in renewalsFeed.
var heavyRoutes = []string{
	"POST /api/v1/imports",
	"POST /api/v1/imports/preview",
	"POST /api/v1/imports/:id/commit",
	"GET /api/v1/imports/:id/errors.xlsx",
	"GET /api/v1/export.xlsx",
	"GET /api/v1/reports/:name",
}

// heavyRetryAfter is the Retry-After, in seconds, of a request refused for running too many.
const heavyRetryAfter = 5

// DefaultHeavyPerIdentity is how many heavy requests one identity may run at once when
// Server.HeavyPerIdentity is 0.
const DefaultHeavyPerIdentity = 3

// heavyLimit counts the heavy requests running per identity.
type heavyLimit struct {
	mu      sync.Mutex
	per     int
	running map[string]int
}

func newHeavyLimit(per int) *heavyLimit {
	if per <= 0 {
		per = DefaultHeavyPerIdentity
	}
	return &heavyLimit{per: per, running: map[string]int{}}
}

// acquire takes one of who's slots; release gives it back. ok is false when all are taken.
func (l *heavyLimit) acquire(who string) (release func(), ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.running[who] >= l.per {
		return nil, false
	}
	l.running[who]++
	return func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		if l.running[who]--; l.running[who] <= 0 {
			delete(l.running, who)
		}
	}, true
}

// limitHeavy refuses a heavy request with 429 and Retry-After while its caller already runs
// as many as the limit allows. It runs after authentication, so the caller is known.
func (s *Server) limitHeavy() gin.HandlerFunc {
	return func(c *gin.Context) {
		if !slices.Contains(heavyRoutes, c.Request.Method+" "+c.FullPath()) {
			c.Next()
			return
		}
		release, ok := s.takeHeavy(c)
		if !ok {
			return
		}
		defer release()
		c.Next()
	}
}

// takeHeavy takes a slot for the caller, to release when the request ends; when none is free
// it answers 429 with Retry-After and returns false.
func (s *Server) takeHeavy(c *gin.Context) (release func(), ok bool) {
	release, ok = s.heavy.acquire(c.GetString(ctxActor))
	if !ok {
		c.Header("Retry-After", strconv.Itoa(heavyRetryAfter))
		writeError(c, &httpError{http.StatusTooManyRequests, "too_many_requests",
			fmt.Sprintf("you already run %d reports, exports or imports at once; retry when one has finished", s.heavy.per), nil})
		return nil, false
	}
	return release, true
}
