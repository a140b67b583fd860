package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"itreg/models"
)

// Planner turns reminder rules and report schedules into outbox rows. Planning is idempotent:
// it can run on every replica, as often as wanted.
type Planner struct {
	Store     *models.Store
	Directory Directory
	Decisions Decisions
	Log       *slog.Logger
}

// PlanStats counts what one planning pass did.
type PlanStats struct {
	Planned, Cancelled, Expired int64
}

// Plan expires rows whose time passed unsent, then plans every enabled rule and schedule.
// A rule that fails is logged and the others still run; the first error is returned.
func (p *Planner) Plan(ctx context.Context) (PlanStats, error) {
	var st PlanStats
	var err error
	if st.Expired, err = p.Store.ExpireOutbox(ctx); err != nil {
		return st, err
	}
	rules, err := p.Store.ListReminderRules(ctx)
	if err != nil {
		return st, err
	}
	var errs []error
	for i := range rules {
		if err := p.planRule(ctx, &rules[i], &st); err != nil {
			errs = append(errs, fmt.Errorf("rule %d (%s): %w", rules[i].ID, rules[i].Name, err))
		}
	}
	if err := p.planSchedules(ctx, &st); err != nil {
		errs = append(errs, err)
	}
	return st, errors.Join(errs...)
}

func (p *Planner) directory() Directory {
	if p.Directory == nil {
		return NoDirectory{}
	}
	return p.Directory
}

// planRule plans one rule: every stage of every item in scope, to every recipient; a "missed"
// notice where a deadline passed with nothing delivered; and it cancels what no longer applies.
func (p *Planner) planRule(ctx context.Context, r *models.ReminderRule, st *PlanStats) error {
	now := p.Store.Now().UTC()
	loc := r.Location()
	today := localToday(now, loc)
	if !r.Enabled {
		open, err := p.Store.OutboxOfRule(ctx, r.ID, today.AddDays(1))
		if err != nil {
			return err
		}
		return p.cancel(ctx, openRows(open, nil), "the rule is disabled", st)
	}
	stages := r.Stages.Sorted()
	items, err := p.Store.ReminderItems(ctx, r.ScopeOf(), today, stages[0])
	if err != nil {
		return err
	}
	// The plan compares with the rows of the items' current deadlines (and every open row):
	// the history of earlier terms is not read again on every pass.
	since := today
	for _, it := range items {
		since = models.MinDate(since, it.Anchor())
	}
	existing, err := p.Store.OutboxOfRule(ctx, r.ID, since)
	if err != nil {
		return err
	}
	decided, err := p.decided(ctx, items)
	if err != nil {
		return err
	}
	byKey := map[models.OutboxKey]*models.OutboxMessage{}
	for i := range existing {
		byKey[existing[i].Key()] = &existing[i]
	}
	want := map[models.OutboxKey]bool{}
	anchors := map[string]models.Date{}
	var rows []models.OutboxMessage
	for i := range items {
		it := &items[i]
		anchor := it.Anchor()
		anchors[it.Ref()] = anchor
		if decided[DecisionKey{it.Kind, it.ID, it.End}] {
			continue // a decision was recorded: its open rows are cancelled below
		}
		for _, t := range resolve(ctx, p.directory(), r.Recipients, it) {
			rows = append(rows, planItem(r, it, anchor, stages, t, now, loc, byKey, want)...)
		}
	}
	n, err := p.Store.PlanOutbox(ctx, rows)
	if err != nil {
		return err
	}
	st.Planned += n
	return p.cancelWithReasons(ctx, openRows(existing, want), anchors, decided, items, st)
}

// planItem returns the rows of one item for one target: each stage not yet past, and the one
// "missed" notice when the deadline passed with nothing delivered. want collects every key the
// plan keeps, so what is missing from it can be cancelled.
func planItem(r *models.ReminderRule, it *models.ReminderItem, anchor models.Date, stages models.Stages, t target,
	now time.Time, loc *time.Location, byKey map[models.OutboxKey]*models.OutboxMessage, want map[models.OutboxKey]bool) []models.OutboxMessage {
	var rows []models.OutboxMessage
	key := func(stage int) models.OutboxKey {
		return models.OutboxKey{ItemKind: it.Kind, ItemID: it.ID, AnchorDate: anchor, Stage: stage, Channel: t.channel, Recipient: t.recipient}
	}
	add := func(k models.OutboxKey, due, expires time.Time) {
		want[k] = true
		if byKey[k] != nil || !expires.After(now) {
			return // planned already, or its time passed before the item was seen
		}
		m := models.NewOutboxMessage(models.OutboxReminder, &r.ID, k, due, expires)
		m.Digest = r.Digest
		if t.problem != "" {
			m.Status, m.Reason = models.StatusSkipped, "not sent: "+t.problem
		}
		rows = append(rows, m)
	}
	for i, s := range stages {
		due := at(anchor.AddDays(-s), r.SendHour, loc)
		// A stage is superseded by the next one: after a long outage only the latest due stage goes.
		expires := dayStart(anchor.AddDays(1), loc)
		if i+1 < len(stages) {
			expires = at(anchor.AddDays(-stages[i+1]), r.SendHour, loc)
		}
		add(key(s), due, expires)
	}
	today := localToday(now, loc)
	if today.After(anchor) && missedUnnoticed(stages, key, byKey) {
		add(key(models.StageMissed), now, dayStart(it.End.AddDays(1), loc))
	}
	return rows
}

// missedUnnoticed reports whether the deadline passed with its last stage planned and never
// delivered (the server was down, or every try failed past its time): then one "missed"
// notice goes out. An item first seen after its deadline gets none: nothing was missed.
func missedUnnoticed(stages models.Stages, key func(int) models.OutboxKey, byKey map[models.OutboxKey]*models.OutboxMessage) bool {
	last := byKey[key(stages[len(stages)-1])]
	return last != nil && last.Status == models.StatusSkipped && byKey[key(models.StageMissed)] == nil
}

// decided asks which items have a renewal decision for their current term.
func (p *Planner) decided(ctx context.Context, items []models.ReminderItem) (map[DecisionKey]bool, error) {
	if p.Decisions == nil || len(items) == 0 {
		return map[DecisionKey]bool{}, nil
	}
	keys := make([]DecisionKey, len(items))
	for i, it := range items {
		keys[i] = DecisionKey{it.Kind, it.ID, it.End}
	}
	return p.Decisions.Decided(ctx, keys)
}

// openRows returns the rows still waiting (planned or retry) whose key is not in keep.
func openRows(rows []models.OutboxMessage, keep map[models.OutboxKey]bool) []models.OutboxMessage {
	var out []models.OutboxMessage
	for _, m := range rows {
		if (m.Status == models.StatusPlanned || m.Status == models.StatusRetry) && !keep[m.Key()] {
			out = append(out, m)
		}
	}
	return out
}

// cancelWithReasons cancels rows the plan no longer holds, saying why for each.
func (p *Planner) cancelWithReasons(ctx context.Context, stale []models.OutboxMessage, anchors map[string]models.Date,
	decided map[DecisionKey]bool, items []models.ReminderItem, st *PlanStats) error {
	ends := map[string]models.Date{}
	for _, it := range items {
		ends[it.Ref()] = it.End
	}
	byReason := map[string][]int64{}
	for _, m := range stale {
		ref := fmt.Sprintf("%s-%d", m.ItemKind, m.ItemID)
		anchor, inScope := anchors[ref]
		reason := "the item is no longer in the rule's scope (ended, retired, deleted or filtered out)"
		switch {
		case inScope && decided[DecisionKey{m.ItemKind, m.ItemID, ends[ref]}]:
			reason = "a renewal decision was recorded"
		case inScope && anchor != m.AnchorDate:
			reason = "the end date or notice period changed; reminders are planned for the new deadline " + anchor.String()
		case inScope:
			reason = "the recipient is no longer on the rule"
		}
		byReason[reason] = append(byReason[reason], m.ID)
	}
	for reason, ids := range byReason {
		n, err := p.Store.CloseOutbox(ctx, ids, models.StatusCancelled, reason)
		if err != nil {
			return err
		}
		st.Cancelled += n
	}
	return nil
}

// cancel closes rows with one reason.
func (p *Planner) cancel(ctx context.Context, rows []models.OutboxMessage, reason string, st *PlanStats) error {
	ids := make([]int64, len(rows))
	for i, m := range rows {
		ids[i] = m.ID
	}
	n, err := p.Store.CloseOutbox(ctx, ids, models.StatusCancelled, reason)
	st.Cancelled += n
	return err
}
