package notify

import (
	"context"
	"net/mail"
	"strings"

	"itreg/models"
)

// target is where one outbox row goes: an email address or "endpoint:<id>". When the
// recipient cannot be resolved, problem says why and the row is logged as skipped.
type target struct {
	channel, recipient, problem string
}

// resolve turns a rule's or schedule's recipients into targets, without duplicates. item is
// nil for a scheduled report.
func resolve(ctx context.Context, dir Directory, rs models.Recipients, item *models.ReminderItem) []target {
	var out []target
	seen := map[string]bool{}
	add := func(t target) {
		k := t.channel + "|" + t.recipient
		if !seen[k] {
			seen[k] = true
			out = append(out, t)
		}
	}
	for _, r := range rs {
		switch r.Kind {
		case models.RecipientEmail:
			add(target{channel: models.ChannelEmail, recipient: strings.ToLower(r.Value)})
		case models.RecipientWebhook:
			add(target{channel: models.ChannelWebhook, recipient: "endpoint:" + r.Value})
		case models.RecipientRole:
			emails, err := dir.EmailsOfRole(ctx, r.Value)
			if err != nil {
				add(target{channel: models.ChannelEmail, recipient: "role:" + r.Value, problem: err.Error()})
				continue
			}
			if len(emails) == 0 {
				add(target{channel: models.ChannelEmail, recipient: "role:" + r.Value, problem: "no user has the role " + r.Value})
			}
			for _, e := range emails {
				add(target{channel: models.ChannelEmail, recipient: strings.ToLower(e)})
			}
		case models.RecipientUser:
			e, err := dir.EmailOfUser(ctx, r.Value)
			if err != nil {
				add(target{channel: models.ChannelEmail, recipient: "user:" + r.Value, problem: err.Error()})
				continue
			}
			add(target{channel: models.ChannelEmail, recipient: strings.ToLower(e)})
		case models.RecipientBudgetOwner:
			if item != nil {
				add(budgetOwner(ctx, dir, item))
			}
		}
	}
	return out
}

// budgetOwner resolves the owner of the item's budget line: an email address as written, else
// a person the directory knows by that name.
func budgetOwner(ctx context.Context, dir Directory, it *models.ReminderItem) target {
	owner := strings.TrimSpace(it.BudgetOwner)
	switch {
	case it.BudgetLine == "":
		return target{channel: models.ChannelEmail, recipient: "budget_owner:", problem: "the item has no budget line, so no budget owner"}
	case owner == "":
		return target{channel: models.ChannelEmail, recipient: "budget_owner:" + it.BudgetLine,
			problem: "budget line " + it.BudgetLine + " has no owner"}
	}
	if a, err := mail.ParseAddress(owner); err == nil {
		return target{channel: models.ChannelEmail, recipient: strings.ToLower(a.Address)}
	}
	if e, err := dir.EmailOfUser(ctx, owner); err == nil {
		return target{channel: models.ChannelEmail, recipient: strings.ToLower(e)}
	}
	return target{channel: models.ChannelEmail, recipient: "budget_owner:" + it.BudgetLine,
		problem: "the owner of budget line " + it.BudgetLine + " (" + owner + ") is not an email address or a known user"}
}
