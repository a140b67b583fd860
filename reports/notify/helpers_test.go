package notify

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"itreg/models"
	"itreg/models/modeltest"
)

// clock is a fake clock tests move by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

func (c *clock) add(d time.Duration) { c.set(c.Now().Add(d)) }

// env is a store on a fake clock with a planner and a dispatcher sending to a real SMTP server.
type env struct {
	st    *models.Store
	clk   *clock
	smtp  *smtpServer
	plan  *Planner
	disp  *Dispatcher
	ctx   context.Context
	decis *fakeDecisions
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// mustEnv opens a fresh store of the dialect at start, with the default rule removed.
func mustEnv(tb testing.TB, dialect string, start time.Time) *env {
	tb.Helper()
	st := modeltest.MustStore(tb, dialect)
	clk := &clock{now: start}
	st.Now = clk.Now
	e := &env{st: st, clk: clk, smtp: mustSMTPServer(tb), ctx: context.Background(), decis: &fakeDecisions{decided: map[DecisionKey]bool{}}}
	e.plan = &Planner{Store: st, Decisions: e.decis, Log: quiet}
	e.disp = &Dispatcher{Store: st, Composer: NewComposer(st, "https://itreg.example.org", 1, "GBP"), Mailer: e.smtp.mailer(tb),
		Jitter: func() float64 { return 0 }, Log: quiet}
	dropRules(tb, st)
	return e
}

// dropRules deletes every rule (the default one), so a test sees only its own.
func dropRules(tb testing.TB, st *models.Store) {
	tb.Helper()
	rules, err := st.ListReminderRules(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	for _, r := range rules {
		if err := st.DeleteReminderRule(context.Background(), r.ID, nil); err != nil {
			tb.Fatal(err)
		}
	}
}

// pass plans and dispatches until nothing is due, as the worker does.
func (e *env) pass(tb testing.TB) {
	tb.Helper()
	if _, err := e.plan.Plan(e.ctx); err != nil {
		tb.Fatal(err)
	}
	for {
		st, err := e.disp.RunOnce(e.ctx)
		if err != nil {
			tb.Fatal(err)
		}
		if st.Claimed == 0 {
			return
		}
	}
}

// run advances the clock by step up to until, passing at each step.
func (e *env) run(tb testing.TB, until time.Time, step time.Duration) {
	tb.Helper()
	for e.clk.Now().Before(until) {
		e.clk.add(step)
		e.pass(tb)
	}
}

// mustRule stores a rule.
func mustRule(tb testing.TB, st *models.Store, r models.ReminderRule) *models.ReminderRule {
	tb.Helper()
	if r.Name == "" {
		r.Name = "rule"
	}
	if r.Scope == "" {
		r.Scope = models.ScopeBoth
	}
	if r.TimeZone == "" {
		r.TimeZone = "UTC"
	}
	if r.Stages == nil {
		r.Stages = models.DefaultStages
	}
	r.Enabled = true
	if err := st.CreateReminderRule(context.Background(), &r); err != nil {
		tb.Fatal(err)
	}
	return &r
}

// mustLicence stores an annual licence ending on end with notice days.
func mustLicence(tb testing.TB, st *models.Store, product string, end models.Date, notice int, autoRenew bool) *models.Licence {
	tb.Helper()
	l := &models.Licence{Product: product, Type: "subscription", Metric: "per_user", EndDate: end, NoticeDays: notice,
		AutoRenew: autoRenew, Cost: models.Money{Amount: 120000, Currency: "GBP"}, BillingPeriod: "annual"}
	if err := st.CreateLicence(context.Background(), l); err != nil {
		tb.Fatal(err)
	}
	return l
}

// fakeDecisions records renewal decisions by item term.
type fakeDecisions struct {
	mu      sync.Mutex
	decided map[DecisionKey]bool
}

func (f *fakeDecisions) Decided(_ context.Context, keys []DecisionKey) (map[DecisionKey]bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[DecisionKey]bool{}
	for _, k := range keys {
		if f.decided[k] {
			out[k] = true
		}
	}
	return out, nil
}

func (f *fakeDecisions) decide(k DecisionKey) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.decided[k] = true
}

// subjects returns the subjects received, in order.
func (e *env) subjects() []string {
	var out []string
	for _, m := range e.smtp.messages() {
		out = append(out, m.Header.Get("Subject"))
	}
	return out
}

// day0 is the start of the fake-clock runs: midnight UTC, 1 Feb 2027.
var day0 = time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)

func dayN(n int) models.Date { return models.DateOf(day0.AddDate(0, 0, n)) }
