package notify

import (
	"context"
	"fmt"

	"itreg/models"
)

// planSchedules plans today's run of every enabled schedule whose day it is and whose hour has
// come, in its time zone. A run is keyed by schedule and local date: two replicas, or a
// restart, plan it once. A run not sent by the end of its local day is skipped, not sent late
// the next day beside the next run.
func (p *Planner) planSchedules(ctx context.Context, st *PlanStats) error {
	schedules, err := p.Store.ListReportSchedules(ctx)
	if err != nil {
		return err
	}
	now := p.Store.Now().UTC()
	var rows []models.OutboxMessage
	for i := range schedules {
		s := &schedules[i]
		loc := models.LocationOr(s.TimeZone)
		today := localToday(now, loc)
		due := at(today, s.SendHour, loc)
		if !s.Enabled || !s.RunsOn(today) || now.Before(due) {
			continue
		}
		for _, t := range resolve(ctx, p.directory(), s.Recipients, nil) {
			k := models.OutboxKey{ItemKind: models.OutboxReport, ItemID: s.ID, AnchorDate: today, Channel: t.channel, Recipient: t.recipient}
			m := models.NewOutboxMessage(models.OutboxReport, nil, k, due, dayStart(today.AddDays(1), loc))
			if t.problem != "" {
				m.Status, m.Reason = models.StatusSkipped, "not sent: "+t.problem
			}
			rows = append(rows, m)
		}
	}
	n, err := p.Store.PlanOutbox(ctx, rows)
	if err != nil {
		return fmt.Errorf("plan report schedules: %w", err)
	}
	st.Planned += n
	return nil
}
