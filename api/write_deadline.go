package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// DefaultWriteStall is how long one write to a client may block when Server.WriteStall is 0.
const DefaultWriteStall = 30 * time.Second

// deadlineWriter gives every write to the client its own deadline: a download that keeps
// moving may take as long as it needs, but a client that stops reading fails the write after
// stall, so the handler ends and frees what it holds instead of waiting out the server's
// whole write timeout.
type deadlineWriter struct {
	gin.ResponseWriter
	rc    *http.ResponseController
	stall time.Duration
}

// Write sets the deadline, then writes.
func (w *deadlineWriter) Write(b []byte) (int, error) {
	// A writer without deadlines (a test recorder) answers ErrNotSupported: nothing to extend.
	_ = w.rc.SetWriteDeadline(time.Now().Add(w.stall))
	return w.ResponseWriter.Write(b)
}

// WriteString sets the deadline, then writes.
func (w *deadlineWriter) WriteString(s string) (int, error) {
	_ = w.rc.SetWriteDeadline(time.Now().Add(w.stall))
	return w.ResponseWriter.WriteString(s)
}

// Unwrap returns the writer beneath, for http.ResponseController.
func (w *deadlineWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// writeDeadline wraps every response in a deadlineWriter.
func writeDeadline(stall time.Duration) gin.HandlerFunc {
	if stall <= 0 {
		stall = DefaultWriteStall
	}
	return func(c *gin.Context) {
		c.Writer = &deadlineWriter{ResponseWriter: c.Writer, rc: http.NewResponseController(c.Writer), stall: stall}
		c.Next()
	}
}
