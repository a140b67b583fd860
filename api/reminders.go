package api

import "github.com/gin-gonic/gin"

// ReminderOptions are the reminder settings the handlers need.
type ReminderOptions struct {
	// AllowPrivateWebhooks lets webhook endpoints point at private and loopback addresses
	// (ITREG_WEBHOOK_ALLOW_PRIVATE).
	AllowPrivateWebhooks bool
}

// registerReminderRoutes registers reminder rules, webhook endpoints, report schedules and the
// delivery log on the authenticated /api/v1 group.
func (s *Server) registerReminderRoutes(g *gin.RouterGroup) {
	s.registerReminderRuleRoutes(g)
	s.registerWebhookEndpointRoutes(g)
	s.registerReportScheduleRoutes(g)
	s.registerDeliveryRoutes(g)
}
