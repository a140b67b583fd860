package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// SMTPMailer sends email through an SMTP server (go-mail; net/smtp is frozen).
type SMTPMailer struct {
	host     string
	port     int
	tls      string // starttls (required), opportunistic, none, or tls (implicit, smtps)
	user     string
	password string
	from     string
	domain   string // the Message-ID domain: the sender's
	timeout  time.Duration
}

// NewSMTPMailer reads an SMTP URL: smtp://user:pass@host:587 (STARTTLS required; add
// ?tls=opportunistic or ?tls=none for a local relay) or smtps://user:pass@host:465 (TLS from the
// start). from is the sender's address (ITREG_MAIL_FROM).
func NewSMTPMailer(rawURL, from string) (*SMTPMailer, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("ITREG_SMTP_URL must be smtp://[user:password@]host[:port] or smtps://[user:password@]host[:port]")
	}
	addr, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("ITREG_MAIL_FROM %q is not an email address", from)
	}
	m := &SMTPMailer{host: u.Hostname(), from: addr.String(), timeout: 30 * time.Second}
	m.domain = addr.Address[strings.LastIndexByte(addr.Address, '@')+1:]
	switch u.Scheme {
	case "smtp":
		m.port, m.tls = 587, "starttls"
		if t := u.Query().Get("tls"); t != "" {
			if t != "starttls" && t != "opportunistic" && t != "none" {
				return nil, fmt.Errorf("ITREG_SMTP_URL: tls=%q must be starttls, opportunistic or none", t)
			}
			m.tls = t
		}
	case "smtps":
		m.port, m.tls = 465, "tls"
	default:
		return nil, fmt.Errorf("ITREG_SMTP_URL must start with smtp:// or smtps://, not %q", u.Scheme+"://")
	}
	if p := u.Port(); p != "" {
		if m.port, err = strconv.Atoi(p); err != nil || m.port < 1 || m.port > 65535 {
			return nil, fmt.Errorf("ITREG_SMTP_URL: port %q is not a port number", p)
		}
	}
	if u.User != nil {
		m.user = u.User.Username()
		m.password, _ = u.User.Password()
	}
	return m, nil
}

// MessageID returns the Message-ID (without angle brackets) of a message: its stable id at the
// sender's domain, so a repeat of the same outbox row carries the same one.
func (m *SMTPMailer) MessageID(msg *Message) string { return "itreg-" + msg.ID + "@" + m.domain }

// Send delivers msg to one address. A 4xx answer or a connection failure is temporary; a 5xx
// answer is permanent.
func (m *SMTPMailer) Send(ctx context.Context, to string, msg *Message) error {
	mm := gomail.NewMsg()
	if err := mm.From(m.from); err != nil {
		return permanent("sender %q: %v", m.from, err)
	}
	if err := mm.To(to); err != nil {
		return permanent("recipient %q: %v", to, err)
	}
	mm.Subject(msg.Subject)
	mm.SetMessageIDWithValue(m.MessageID(msg))
	mm.SetDate()
	// Auto-Submitted stops vacation responders and mailing lists answering a machine (RFC 3834).
	mm.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	mm.SetBodyString(gomail.TypeTextPlain, msg.Text)
	if msg.HTML != "" {
		mm.AddAlternativeString(gomail.TypeTextHTML, msg.HTML)
	}
	for _, a := range msg.Attachments {
		mm.AttachReadSeeker(a.Name, bytes.NewReader(a.Data), gomail.WithFileContentType(gomail.ContentType(a.ContentType)))
	}
	opts := []gomail.Option{gomail.WithPort(m.port), gomail.WithTimeout(m.timeout), gomail.WithHELO(m.domain)}
	switch m.tls {
	case "tls":
		opts = append(opts, gomail.WithSSL())
	case "opportunistic":
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	case "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if m.user != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(m.user), gomail.WithPassword(m.password))
	}
	client, err := gomail.NewClient(m.host, opts...)
	if err != nil {
		return permanent("SMTP client: %v", err)
	}
	if err := client.DialAndSendWithContext(ctx, mm); err != nil {
		return smtpError(err)
	}
	return nil
}

// smtpError classifies a go-mail error: a permanent (5xx) answer ends the row, anything else
// (4xx, a dropped connection, a timeout) is retried.
func smtpError(err error) error {
	var se *gomail.SendError
	if errors.As(err, &se) && !se.IsTemp() && se.ErrorCode() >= 500 {
		return &DeliveryError{Err: err}
	}
	return temporary(err)
}
