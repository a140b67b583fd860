package fields

import (
	"reflect"
	"testing"

	"itreg/importers/sheet"
)

func mustField(t *testing.T, kind, name string) Field {
	t.Helper()
	f, ok := FieldByName(kind, name)
	if !ok {
		t.Fatalf("no field %s.%s", kind, name)
	}
	return f
}

func TestParseEnum(t *testing.T) {
	tests := []struct {
		kind, field string
		cell        sheet.Cell
		want, err   string
	}{
		// Device status words (Snipe-IT, ServiceNow State, common).
		{KindDevice, "status", str("In use"), "deployed", ""},
		// Phrases: their meaningful words agree (Snipe-IT's default status labels included).
		{KindDevice, "status", str("Pending Diagnostics"), "in_repair", ""},
		{KindDevice, "status", str("Out for Diagnostics"), "in_repair", ""},
		{KindDevice, "status", str("Broken - Not Fixable"), "retired", ""},
		{KindDevice, "status", str("Lost/Stolen"), "lost", ""},
		{KindDevice, "status", str("Deployable"), "in_stock", ""},
		{KindDevice, "category", str("Notebook Computer"), "laptop", ""},
		{KindDevice, "category", str("MacBook Pro"), "laptop", ""},
		{KindDevice, "category", str("Virtual Machine"), "server", ""},
		{KindDevice, "status", str("Stock 2"), "in_stock", ""},
		{KindDevice, "category", str("Laptop Monitor"), "", "is not a category"},
		{KindDevice, "status", str("In Use"), "deployed", ""},
		{KindDevice, "status", str("Deployed"), "deployed", ""},
		{KindDevice, "status", str("Assigned"), "deployed", ""},
		{KindDevice, "status", str("Active"), "deployed", ""},
		{KindDevice, "status", str("Ready to Deploy"), "in_stock", ""},
		{KindDevice, "status", str("Available"), "in_stock", ""},
		{KindDevice, "status", str("In Stock"), "in_stock", ""},
		{KindDevice, "status", str("Spare"), "in_stock", ""},
		{KindDevice, "status", str("Pending"), "ordered", ""},
		{KindDevice, "status", str("On order"), "ordered", ""},
		{KindDevice, "status", str("Ordered"), "ordered", ""},
		{KindDevice, "status", str("In transit"), "ordered", ""},
		{KindDevice, "status", str("Repair"), "in_repair", ""},
		{KindDevice, "status", str("Broken"), "in_repair", ""},
		{KindDevice, "status", str("Out for repair"), "in_repair", ""},
		{KindDevice, "status", str("In maintenance"), "in_repair", ""},
		{KindDevice, "status", str("Undeployable"), "in_repair", ""},
		{KindDevice, "status", str("Retired"), "retired", ""},
		{KindDevice, "status", str("Archived"), "retired", ""},
		{KindDevice, "status", str("Decommissioned"), "retired", ""},
		{KindDevice, "status", str("Disposed"), "disposed", ""},
		{KindDevice, "status", str("Sold"), "disposed", ""},
		{KindDevice, "status", str("Recycled"), "disposed", ""},
		{KindDevice, "status", str("Lost"), "lost", ""},
		{KindDevice, "status", str("Stolen"), "lost", ""},
		{KindDevice, "status", str("Missing"), "lost", ""},
		{KindDevice, "status", str("in_repair"), "in_repair", ""},
		// ServiceNow install_status codes.
		{KindDevice, "status", num(1), "deployed", ""},
		{KindDevice, "status", str("2"), "ordered", ""},
		{KindDevice, "status", num(3), "in_repair", ""},
		{KindDevice, "status", num(6), "in_stock", ""},
		{KindDevice, "status", num(7), "retired", ""},
		{KindDevice, "status", num(8), "lost", ""},
		{KindDevice, "status", num(10), "retired", ""},
		{KindDevice, "status", num(42), "", `"42" is not a status`},
		{KindDevice, "status", str("Vibing"), "", "use one of ordered, in_stock, deployed"},
		// Device categories.
		{KindDevice, "category", str("Notebook"), "laptop", ""},
		{KindDevice, "category", str("Laptops"), "laptop", ""},
		{KindDevice, "category", str("Workstation"), "desktop", ""},
		{KindDevice, "category", str("PC"), "desktop", ""},
		{KindDevice, "category", str("Computer"), "desktop", ""},
		{KindDevice, "category", str("Computers"), "desktop", ""},
		{KindDevice, "category", str("Server"), "server", ""},
		{KindDevice, "category", str("Switches"), "network", ""},
		{KindDevice, "category", str("Router"), "network", ""},
		{KindDevice, "category", str("Firewall"), "network", ""},
		{KindDevice, "category", str("Access Point"), "network", ""},
		{KindDevice, "category", str("WAP"), "network", ""},
		{KindDevice, "category", str("Mobile Phone"), "phone", ""},
		{KindDevice, "category", str("Smartphone"), "phone", ""},
		{KindDevice, "category", str("iPhone"), "phone", ""},
		{KindDevice, "category", str("iPad"), "tablet", ""},
		{KindDevice, "category", str("Tablet"), "tablet", ""},
		{KindDevice, "category", str("Display"), "monitor", ""},
		{KindDevice, "category", str("Screen"), "monitor", ""},
		{KindDevice, "category", str("Printer"), "printer", ""},
		{KindDevice, "category", str("Projector"), "av", ""},
		{KindDevice, "category", str("Conference"), "av", ""},
		{KindDevice, "category", str("Camera"), "av", ""},
		{KindDevice, "category", str("Keyboard"), "peripheral", ""},
		{KindDevice, "category", str("Mouse"), "peripheral", ""},
		{KindDevice, "category", str("Docking Station"), "peripheral", ""},
		{KindDevice, "category", str("Headset"), "peripheral", ""},
		{KindDevice, "category", str("Computer Peripheral"), "peripheral", ""},
		{KindDevice, "category", str("Hardware"), "other", ""},
		{KindDevice, "category", str("quam"), "", `"quam" is not a category; use one of laptop, desktop`},
		{KindDevice, "category", str("quam"), "", "or a common name such as"},
		// Licences.
		{KindLicence, "type", str("Subscription"), "subscription", ""},
		{KindLicence, "type", str("SaaS"), "subscription", ""},
		{KindLicence, "type", str("Perpetual"), "perpetual", ""},
		{KindLicence, "type", str("OEM"), "perpetual", ""},
		{KindLicence, "type", str("Freeware"), "", "is not a type; use one of subscription, perpetual"},
		{KindLicence, "metric", str("Per user"), "per_user", ""},
		{KindLicence, "metric", str("User"), "per_user", ""},
		{KindLicence, "metric", str("Named user"), "per_user", ""},
		{KindLicence, "metric", str("Per device"), "per_device", ""},
		{KindLicence, "metric", str("Device"), "per_device", ""},
		{KindLicence, "metric", str("Site"), "site", ""},
		{KindLicence, "metric", str("Concurrent"), "concurrent", ""},
		{KindLicence, "metric", str("Per core"), "per_core", ""},
		{KindLicence, "metric", str("Core"), "per_core", ""},
		{KindLicence, "billing_period", str("Monthly"), "monthly", ""},
		{KindLicence, "billing_period", str("Annual"), "annual", ""},
		{KindLicence, "billing_period", str("Yearly"), "annual", ""},
		{KindLicence, "billing_period", str("Annually"), "annual", ""},
		{KindLicence, "billing_period", str("One-off"), "one_off", ""},
		{KindLicence, "billing_period", str("One time"), "one_off", ""},
		{KindLicence, "billing_period", str("Once"), "one_off", ""},
		// Warranties.
		{KindWarranty, "kind", str("Manufacturer"), "manufacturer", ""},
		{KindWarranty, "kind", str("Base"), "manufacturer", ""},
		{KindWarranty, "kind", str("Standard"), "manufacturer", ""},
		{KindWarranty, "kind", str("Extended"), "extended", ""},
		{KindWarranty, "kind", str("Support"), "support", ""},
		{KindWarranty, "kind", str("Maintenance"), "support", ""},
		{KindWarranty, "kind", str("Lease"), "lease", ""},
		// Budget lines.
		{KindBudgetLine, "category", str("CAPEX"), "capex", ""},
		{KindBudgetLine, "category", str("Capital"), "capex", ""},
		{KindBudgetLine, "category", str("OPEX"), "opex", ""},
		{KindBudgetLine, "category", str("Operating"), "opex", ""},
		{KindBudgetLine, "category", str("Operational"), "opex", ""},
		{KindBudgetLine, "category", str("Major IT"), "", "is not a category; use one of capex, opex"},
		// Blanks.
		{KindDevice, "status", sheet.Cell{}, "", ""},
		{KindDevice, "status", str("N/A"), "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.kind+"/"+tt.field+"/"+cellText(tt.cell), func(t *testing.T) {
			got, err := ParseEnum(tt.cell, mustField(t, tt.kind, tt.field))
			wantErr(t, err, tt.err)
			if got != tt.want {
				t.Fatalf("ParseEnum = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseRoles(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
		err      string
	}{
		{"list", "Manufacturer; Vendor", []string{"manufacturer", "supplier"}, ""},
		{"repeats", "supplier, Vendor, Reseller", []string{"supplier", "reseller"}, ""},
		{"service provider", "Service Provider / MSP", []string{"service_provider"}, ""},
		{"blank", "", nil, ""},
		{"unknown", "Landlord", nil, `"Landlord" is not a vendor role`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseRoles(str(tt.in))
			wantErr(t, err, tt.err)
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("ParseRoles = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestEnumSynonymsValid keeps every synonym pointing at a real domain value.
func TestEnumSynonymsValid(t *testing.T) {
	domains := map[string][]string{}
	for _, kind := range Kinds {
		for _, f := range Fields(kind) {
			if d := enumDomain(f); d != "" {
				domains[d] = f.Enum
			}
		}
	}
	for d, table := range enumSynonyms {
		t.Run(d, func(t *testing.T) {
			values, ok := domains[d]
			if !ok {
				t.Fatalf("no field uses domain %s", d)
			}
			for word, v := range table {
				found := false
				for _, x := range values {
					found = found || x == v
				}
				if !found {
					t.Errorf("%q maps to %q, not a value of %v", word, v, values)
				}
			}
		})
	}
}
