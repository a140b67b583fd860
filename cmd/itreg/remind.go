package main

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"text/tabwriter"
	"time"

	"itreg/models"
	"itreg/reports/notify"
)

// remindCommand is "itreg remind": plan and send due reminders and scheduled reports once (for
// a cron job, or to catch up by hand), show the delivery log, or send a test message.
func remindCommand() Command {
	return Command{Summary: "reminders and scheduled reports: run once, show the delivery log, send a test", Run: remind}
}

func remind(ctx context.Context, env *Env, args []string) int {
	usage := func() int {
		fmt.Fprintln(env.Stderr, "usage: itreg remind run | log [--status S] [--limit N] | test --email ADDRESS")
		return exitUsage
	}
	// An unknown subcommand is a usage error before any database is opened (or created).
	if len(args) == 0 || !slices.Contains([]string{"run", "log", "test"}, args[0]) {
		return usage()
	}
	fs := env.FlagSet("remind " + args[0])
	status := fs.String("status", "", "log: only messages with this status ("+fmt.Sprint(models.OutboxStatuses)+")")
	limit := fs.Int("limit", 50, "log: how many messages, newest first")
	email := fs.String("email", "", "test: the address to send a test message to")
	if ok, code := parseFlags(fs, args[1:]); !ok {
		return code
	}
	return env.withStore(ctx, "remind", func(st *models.Store) int {
		switch args[0] {
		case "run":
			return remindRun(ctx, env, st)
		case "log":
			return remindLog(ctx, env, st, *status, *limit)
		case "test":
			if *email == "" {
				return usage()
			}
			if _, err := st.QueueTestMessage(ctx, models.ChannelEmail, *email); err != nil {
				return env.fail("remind test", err)
			}
			return remindRun(ctx, env, st)
		}
		return usage()
	})
}

// remindRun plans and dispatches once and prints what happened.
func remindRun(ctx context.Context, env *Env, st *models.Store) int {
	w, err := newNotifyWorker(env, st)
	if err != nil {
		return env.fail("remind", err)
	}
	ps, err := w.Planner.Plan(ctx)
	if err != nil {
		return env.fail("remind", err)
	}
	var total notify.DispatchStats
	for {
		ds, err := w.Dispatcher.RunOnce(ctx)
		if err != nil {
			return env.fail("remind", err)
		}
		if ds.Claimed == 0 {
			break
		}
		total.Sent, total.Retried, total.Dead, total.Dropped = total.Sent+ds.Sent, total.Retried+ds.Retried, total.Dead+ds.Dead, total.Dropped+ds.Dropped
	}
	fmt.Fprintf(env.Stdout, "planned %d, cancelled %d, expired %d; sent %d, to retry %d, dead %d, dropped %d\n",
		ps.Planned, ps.Cancelled, ps.Expired, total.Sent, total.Retried, total.Dead, total.Dropped)
	if w.Dispatcher.Mailer == nil {
		fmt.Fprintln(env.Stdout, notify.NoSMTP)
	}
	return exitOK
}

// remindLog prints the newest messages of the delivery log.
func remindLog(ctx context.Context, env *Env, st *models.Store, status string, limit int) int {
	res, err := st.ListOutbox(ctx, models.OutboxFilter{Status: status, Page: models.Page{Limit: limit}})
	if err != nil {
		return env.fail("remind log", err)
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tITEM\tDATE\tSTAGE\tCHANNEL\tRECIPIENT\tSTATUS\tTRIES\tWHY")
	for _, m := range res.Items {
		why := m.LastError
		if why == "" {
			why = m.Reason
		}
		stage := strconv.Itoa(m.Stage)
		if m.Stage == models.StageMissed {
			stage = "missed"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s-%d\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", m.ID, m.Kind, m.ItemKind, m.ItemID, m.AnchorDate,
			stage, m.Channel, m.Recipient, m.Status, m.Attempts, why)
	}
	if err := tw.Flush(); err != nil {
		return env.fail("remind log", err)
	}
	return exitOK
}

// newNotifyWorker builds the reminder planner and dispatcher from the configuration. Email goes
// out only with ITREG_SMTP_URL; role and user recipients are the register's people, and a
// renewal decision recorded on the renewals page stops an item's later stages.
func newNotifyWorker(env *Env, st *models.Store) (*notify.Worker, error) {
	d := &notify.Dispatcher{
		Store:    st,
		Composer: notify.NewComposer(st, env.Config.People.PublicURL, env.Config.FiscalYearStart, env.Config.Currency),
		Webhooks: notify.NewWebhookSender(env.Config.WebhookAllowPrivate, time.Now),
		MaxTries: env.Config.NotifyMaxTries,
		Log:      env.Log,
	}
	if env.Config.SMTPURL != "" {
		m, err := notify.NewSMTPMailer(env.Config.SMTPURL, env.Config.MailFrom)
		if err != nil {
			return nil, err
		}
		d.Mailer = m
	}
	p := &notify.Planner{Store: st, Directory: notify.StoreDirectory{Store: st}, Decisions: notify.StoreDecisions{Store: st}, Log: env.Log}
	return &notify.Worker{Planner: p, Dispatcher: d, Log: env.Log}, nil
}
