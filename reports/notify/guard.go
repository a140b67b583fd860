package notify

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// ErrPrivateAddress means a webhook URL leads to a loopback, private or link-local address,
// refused unless ITREG_WEBHOOK_ALLOW_PRIVATE is set, so the server cannot be turned against
// the internal network.
var ErrPrivateAddress = errors.New("webhook URLs to private, loopback and link-local addresses are refused (ITREG_WEBHOOK_ALLOW_PRIVATE allows them)")

// cgnat is the shared address space of carrier-grade NAT, private in all but name.
var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// privateAddr reports whether an address is one a webhook must not reach by default.
func privateAddr(a netip.Addr) bool {
	a = a.Unmap()
	return a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsInterfaceLocalMulticast() || a.IsMulticast() || a.IsUnspecified() || cgnat.Contains(a)
}

// CheckWebhookURL refuses, at the time an endpoint is saved, a URL whose host is a private
// address written out or "localhost". Names that resolve to private addresses are refused
// when the connection is made (guardedDial), where DNS cannot be raced.
func CheckWebhookURL(raw string, allowPrivate bool) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	if allowPrivate {
		return nil
	}
	host := strings.ToLower(u.Hostname())
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return ErrPrivateAddress
	}
	if a, err := netip.ParseAddr(host); err == nil && privateAddr(a) {
		return ErrPrivateAddress
	}
	return nil
}

// guardedDial dials like net.Dialer but refuses private addresses after resolution, unless allowed.
func guardedDial(allowPrivate bool) func(ctx context.Context, network, addr string) (net.Conn, error) {
	d := &net.Dialer{Timeout: 10 * time.Second}
	if !allowPrivate {
		d.Control = func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("webhook address %q: %w", address, err)
			}
			if privateAddr(ap.Addr()) {
				return ErrPrivateAddress
			}
			return nil
		}
	}
	return d.DialContext
}
