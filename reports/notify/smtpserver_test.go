package notify

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-smtp"
)

// smtpServer is a real SMTP server on a loopback port that keeps what it receives. It can be
// told to answer 451 to the next n messages.
type smtpServer struct {
	mu       sync.Mutex
	raw      [][]byte
	failNext int
	addr     string
}

// mustSMTPServer starts one for the test.
func mustSMTPServer(tb testing.TB) *smtpServer {
	tb.Helper()
	s := &smtpServer{}
	srv := smtp.NewServer(s)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s.addr = ln.Addr().String()
	go srv.Serve(ln)
	tb.Cleanup(func() { srv.Close() })
	return s
}

// url is the ITREG_SMTP_URL of the server (plain SMTP on loopback).
func (s *smtpServer) url() string { return "smtp://" + s.addr + "?tls=none" }

// mailer returns a go-mail mailer sending to the server.
func (s *smtpServer) mailer(tb testing.TB) *SMTPMailer {
	tb.Helper()
	m, err := NewSMTPMailer(s.url(), "itreg <itreg@example.org>")
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

func (s *smtpServer) failTimes(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext = n
}

// messages returns what was received so far.
func (s *smtpServer) messages() []*mail.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*mail.Message, 0, len(s.raw))
	for _, r := range s.raw {
		m, _ := mail.ReadMessage(bytes.NewReader(r))
		out = append(out, m)
	}
	return out
}

// NewSession is the go-smtp Backend method.
func (s *smtpServer) NewSession(*smtp.Conn) (smtp.Session, error) { return &smtpSession{srv: s}, nil }

type smtpSession struct {
	srv *smtpServer
	to  []string
}

func (x *smtpSession) Mail(string, *smtp.MailOptions) error { return nil }
func (x *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = append(x.to, to)
	return nil
}
func (x *smtpSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	x.srv.mu.Lock()
	defer x.srv.mu.Unlock()
	if x.srv.failNext > 0 {
		x.srv.failNext--
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	x.srv.raw = append(x.srv.raw, b)
	return nil
}
func (x *smtpSession) Reset()        {}
func (x *smtpSession) Logout() error { return nil }

// part is one leaf of a parsed MIME message.
type part struct {
	contentType, fileName string
	body                  []byte
}

// mustParts walks a message's MIME tree and returns its leaves, decoded.
func mustParts(tb testing.TB, m *mail.Message) []part {
	tb.Helper()
	var out []part
	var walk func(h map[string][]string, body io.Reader)
	walk = func(h map[string][]string, body io.Reader) {
		get := func(k string) string {
			if v := h[k]; len(v) > 0 {
				return v[0]
			}
			return ""
		}
		mt, params, err := mime.ParseMediaType(get("Content-Type"))
		if err != nil {
			tb.Fatalf("content type %q: %v", get("Content-Type"), err)
		}
		if strings.HasPrefix(mt, "multipart/") {
			mr := multipart.NewReader(body, params["boundary"])
			for {
				p, err := mr.NextRawPart()
				if errors.Is(err, io.EOF) {
					return
				}
				if err != nil {
					tb.Fatal(err)
				}
				walk(p.Header, p)
			}
		}
		var r io.Reader = body
		switch strings.ToLower(get("Content-Transfer-Encoding")) {
		case "base64":
			r = base64.NewDecoder(base64.StdEncoding, body)
		case "quoted-printable":
			r = quotedprintable.NewReader(body)
		}
		b, err := io.ReadAll(r)
		if err != nil {
			tb.Fatal(err)
		}
		_, dp, _ := mime.ParseMediaType(get("Content-Disposition"))
		out = append(out, part{contentType: mt, fileName: dp["filename"], body: b})
	}
	walk(m.Header, m.Body)
	return out
}
