package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
)

// asset is one embedded static file under its content-hashed name.
type asset struct {
	hashedName string // app.3f2a1c9b.css
	body       []byte
	gzipped    []byte // nil when compressing does not pay
	mediaType  string
}

// assets maps logical names (app.css) to hashed files, and hashed names back to them.
type assets struct {
	byName   map[string]*asset
	byHashed map[string]*asset
}

// loadAssets reads every file of fsys and names it with the first 8 hex digits of its SHA-256,
// so a changed file gets a new URL and an unchanged one can be cached for a year.
func loadAssets(fsys fs.FS) (*assets, error) {
	as := &assets{byName: map[string]*asset{}, byHashed: map[string]*asset{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		ext := path.Ext(p)
		// htmx.min.js keeps ".min.js" together: htmx.min.<hash>.js.
		a := &asset{
			hashedName: strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:4]) + ext,
			body:       body,
			mediaType:  mime.TypeByExtension(ext),
		}
		if a.mediaType == "" {
			a.mediaType = "application/octet-stream"
		}
		if gz := gzipBytes(body); len(gz) < len(body) {
			a.gzipped = gz
		}
		as.byName[p] = a
		as.byHashed[a.hashedName] = a
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("static assets: %w", err)
	}
	return as, nil
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// URL is the path a page links an asset by: /static/<hashed name>. An unknown name is a
// programming error in a template, so it panics and the template test catches it.
func (as *assets) URL(name string) string {
	a, ok := as.byName[name]
	if !ok {
		panic("web: no static asset " + name)
	}
	return "/static/" + a.hashedName
}

// CompressedSize is the total gzip size of the named assets, as a browser downloads them.
func (as *assets) CompressedSize(names ...string) int {
	n := 0
	for _, name := range names {
		a := as.byName[name]
		if a == nil {
			continue
		}
		if a.gzipped != nil {
			n += len(a.gzipped)
		} else {
			n += len(a.body)
		}
	}
	return n
}

// serve answers /static/<hashed name>. The name carries the content hash, so the answer never
// changes and may be cached for a year.
func (as *assets) serve(c *gin.Context) {
	a, ok := as.byHashed[c.Param("name")]
	if !ok {
		c.Header("Cache-Control", "no-store")
		c.String(http.StatusNotFound, "no such file")
		return
	}
	h := c.Writer.Header()
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("Content-Type", a.mediaType)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Add("Vary", "Accept-Encoding")
	body := a.body
	if a.gzipped != nil && acceptsGzip(c.GetHeader("Accept-Encoding")) {
		h.Set("Content-Encoding", "gzip")
		body = a.gzipped
	}
	c.Status(http.StatusOK)
	if c.Request.Method != http.MethodHead {
		c.Writer.Write(body)
	}
}

func acceptsGzip(header string) bool {
	for part := range strings.SplitSeq(header, ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.ReplaceAll(strings.TrimSpace(q), " ", "") != "q=0" {
			return true
		}
	}
	return false
}
