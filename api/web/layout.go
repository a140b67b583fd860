package web

import "itreg/models"

// navItem is one entry of the main navigation.
type navItem struct {
	Key, Label, Href string
}

// navFor lists the sections a person may open; Admin only for admins. Nobody signed in sees
// no navigation (the sign-in pages).
func navFor(me *Me) []navItem {
	if me == nil {
		return nil
	}
	items := []navItem{
		{"home", "Home", "/"},
		{"devices", "Devices", "/devices"},
		{"licences", "Licences", "/licences"},
		{"warranties", "Warranties & contracts", "/warranties"},
		{"vendors", "Vendors", "/vendors"},
		{"budget", "Budget", "/budget"},
		{"renewals", "Renewals", "/renewals"},
		{"end-of-life", "End of life", "/end-of-life"},
		{"reports", "Reports", "/reports"},
		{"imports", "Imports", "/imports"},
	}
	if me.IsAdmin() {
		items = append(items, navItem{"admin", "Admin", "/admin"})
	}
	return items
}

// roleName is a role as a person reads it.
func roleName(role string) string {
	switch role {
	case models.RoleAdmin:
		return "Administrator"
	case models.RoleEditor:
		return "Editor"
	case models.RoleViewer:
		return "Viewer"
	}
	return role
}

// landingViewName is a landing view as a person reads it.
func landingViewName(v string) string {
	switch v {
	case "it":
		return "IT manager"
	case "finance":
		return "Finance"
	case "procurement":
		return "Procurement"
	}
	return v
}
