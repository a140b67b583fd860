package main

import (
	"fmt"
	"strconv"

	"itreg/reports/notify"
)

func setWebhookAllowPrivate(c *Config, name, v string) error {
	b, err := strconv.ParseBool(v)
	c.WebhookAllowPrivate = b
	if err != nil {
		return fmt.Errorf("%s=%q must be true or false", name, v)
	}
	return nil
}

// checkNotify checks the reminder settings that go together: an SMTP URL needs a sender, and
// the two must make a mailer.
func (c *Config) checkNotify() []error {
	if c.SMTPURL == "" {
		return nil
	}
	if c.MailFrom == "" {
		return []error{fmt.Errorf("ITREG_MAIL_FROM is required with ITREG_SMTP_URL (the sender of reminder emails)")}
	}
	if _, err := notify.NewSMTPMailer(c.SMTPURL, c.MailFrom); err != nil {
		return []error{err} // the message names the variable and never repeats the password
	}
	return nil
}
