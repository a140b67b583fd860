// Package notify plans and delivers reminders before notice deadlines and scheduled report
// emails. The Planner turns reminder rules and report schedules into outbox rows whose unique
// key is (item, anchor date, stage, channel, recipient); the Dispatcher claims due rows (any
// number of replicas may run both), sends them by SMTP or signed webhook outside any
// transaction and records the outcome, retrying with back-off. A Worker runs both on a timer.
package notify
