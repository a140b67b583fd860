package api

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"

	"github.com/gin-gonic/gin"
)

// Upload capacity defaults, used when the Server's fields are 0.
const (
	DefaultConcurrentUploads = 4
	DefaultMaxQueuedBytes    = 1 << 30
	// uploadRetryAfter is the Retry-After, in seconds, of an upload refused for capacity.
	uploadRetryAfter = 30
)

// spoolUpload copies an uploaded file to a temporary file (mode 0600, as os.CreateTemp makes
// it), so an upload never sits in memory; the caller closes it with removeSpool.
func spoolUpload(r io.Reader) (*os.File, int64, error) {
	f, err := os.CreateTemp("", "itreg-upload-*")
	if err != nil {
		return nil, 0, fmt.Errorf("spool upload: %w", err)
	}
	n, err := io.Copy(f, r)
	if err != nil {
		removeSpool(f)
		return nil, 0, err
	}
	return f, n, nil
}

// removeSpool closes and deletes a spooled upload.
func removeSpool(f *os.File) {
	if f != nil {
		f.Close()
		os.Remove(f.Name())
	}
}

// uploadGate caps the uploads the server reads and imports at once, over every caller: each
// holds a temporary file and, for a job, its bytes on the way into the database.
type uploadGate struct{ slots chan struct{} }

func newUploadGate(n int) *uploadGate {
	if n <= 0 {
		n = DefaultConcurrentUploads
	}
	return &uploadGate{slots: make(chan struct{}, n)}
}

// enter takes a slot or answers 503 with Retry-After; ok is false when it answered.
func (g *uploadGate) enter(c *gin.Context) (leave func(), ok bool) {
	select {
	case g.slots <- struct{}{}:
		return func() { <-g.slots }, true
	default:
	}
	c.Header("Retry-After", strconv.Itoa(uploadRetryAfter))
	writeError(c, &httpError{http.StatusServiceUnavailable, "uploads_busy",
		fmt.Sprintf("the server is already reading %d uploads; retry in %d seconds", cap(g.slots), uploadRetryAfter), nil})
	return nil, false
}

// queuedBytes is what the upload checks of the store: the bytes of the files waiting in the
// import queue.
type queuedBytes interface {
	QueuedImportBytes(ctx context.Context) (int64, error)
}

// checkQueue answers 503 with Retry-After when queuing size more bytes would pass the cap;
// ok is false when it answered.
func (s *Server) checkQueue(c *gin.Context, size int64) bool {
	limit := s.MaxQueuedBytes
	if limit <= 0 {
		limit = DefaultMaxQueuedBytes
	}
	var st queuedBytes = s.Store
	queued, err := st.QueuedImportBytes(c.Request.Context())
	if err != nil {
		writeError(c, err)
		return false
	}
	if queued+size > limit {
		c.Header("Retry-After", strconv.Itoa(uploadRetryAfter))
		writeError(c, &httpError{http.StatusServiceUnavailable, "import_queue_full",
			fmt.Sprintf("the import queue holds %d MB of files and takes at most %d MB; retry when it has drained",
				queued>>20, limit>>20), nil})
		return false
	}
	return true
}

// readSpool reads a spooled upload whole, for the paths that store it in the database.
func readSpool(up *upload) ([]byte, error) {
	data := make([]byte, up.size)
	if _, err := up.file.ReadAt(data, 0); err != nil && err != io.EOF {
		return nil, fmt.Errorf("read spooled upload: %w", err)
	}
	return data, nil
}
