package webtest

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// Client is a browser without JavaScript: it keeps cookies, does not follow redirects (tests
// read them) and parses every page.
type Client struct {
	tb   testing.TB
	base string
	http *http.Client
}

// Response is one answer, with its HTML parsed.
type Response struct {
	Status   int
	Header   http.Header
	Body     string
	Doc      *goquery.Document
	Location string // the redirect target, if any
}

// Client returns a fresh client (no cookies) for the server.
func (s *Server) Client(tb testing.TB) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{tb: tb, base: s.URL, http: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// Get fetches a path.
func (c *Client) Get(path string, header ...string) *Response {
	c.tb.Helper()
	return c.do(http.MethodGet, path, nil, header)
}

// Post sends a form as a browser on this site would. header holds extra "Name: value" pairs
// (for example "Sec-Fetch-Site: cross-site").
func (c *Client) Post(path string, form url.Values, header ...string) *Response {
	c.tb.Helper()
	return c.do(http.MethodPost, path, strings.NewReader(form.Encode()), header)
}

// PostFile sends a multipart form as a browser on this site would: the fields, and data as
// the file field's file named fileName.
func (c *Client) PostFile(path string, fields url.Values, fileField, fileName string, data []byte, header ...string) *Response {
	c.tb.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				c.tb.Fatal(err)
			}
		}
	}
	fw, err := mw.CreateFormFile(fileField, fileName)
	if err != nil {
		c.tb.Fatal(err)
	}
	if _, err := fw.Write(data); err != nil {
		c.tb.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		c.tb.Fatal(err)
	}
	return c.do(http.MethodPost, path, &buf, append([]string{"Content-Type: " + mw.FormDataContentType()}, header...))
}

func (c *Client) do(method, path string, body io.Reader, header []string) *Response {
	c.tb.Helper()
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		c.tb.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		// A same-site form post, as a browser labels it.
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.Header.Set("Origin", c.base)
	}
	for _, h := range header {
		k, v, _ := strings.Cut(h, ":")
		req.Header.Set(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.tb.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.tb.Fatalf("%s %s: %v", method, path, err)
	}
	r := &Response{Status: resp.StatusCode, Header: resp.Header, Body: string(b), Location: resp.Header.Get("Location")}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		r.Doc, err = goquery.NewDocumentFromReader(strings.NewReader(r.Body))
		if err != nil {
			c.tb.Fatalf("%s %s: parse HTML: %v", method, path, err)
		}
	}
	return r
}

// SignIn signs in with the password form and fails the test unless it succeeds.
func (c *Client) SignIn(email, password string) {
	c.tb.Helper()
	r := c.Post("/sign-in", url.Values{"email": {email}, "password": {password}})
	if r.Status != http.StatusSeeOther {
		c.tb.Fatalf("sign in as %s: status %d, want 303; page says %q", email, r.Status, r.Text(".form-message"))
	}
}

// Text is the trimmed text of the elements matching the CSS selector.
func (r *Response) Text(selector string) string {
	if r.Doc == nil {
		return ""
	}
	return strings.TrimSpace(r.Doc.Find(selector).Text())
}

// Has reports whether any element matches the CSS selector.
func (r *Response) Has(selector string) bool {
	return r.Doc != nil && r.Doc.Find(selector).Length() > 0
}
