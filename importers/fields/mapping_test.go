package fields

import (
	"strings"
	"testing"
)

// split turns a MANIFEST header list into headers.
func split(s string) []string {
	parts := strings.Split(s, ", ")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// fieldsOf returns header -> field for the mapped columns of m ("" for unknown).
func fieldsOf(m Mapping) map[string]string {
	out := map[string]string{}
	for _, c := range m.Columns {
		if _, seen := out[c.Header]; !seen {
			out[c.Header] = c.Field
		}
	}
	return out
}

func TestMapFixtureHeaders(t *testing.T) {
	tests := []struct {
		name, kind, header string
		want               map[string]string // header -> field; "" means unknown
	}{
		{"servicenow alm_hardware", KindDevice,
			"Asset tag, Model category, Display name, Assigned to, Company, State, Substate, Cost, Configuration Item",
			map[string]string{"Asset tag": "asset_tag", "Model category": "category", "Display name": "",
				"Assigned to": "assigned_to", "Company": "", "State": "status", "Substate": "",
				"Cost": "purchase_cost", "Configuration Item": ""}},
		{"servicenow alm_asset", KindDevice,
			"id, display_name, sys_class_name, ci, parent, model_category, model, serial_number, asset_tag, location, stockroom, assigned_to, company, " +
				"department, install_status, purchase_date, order_date, vendor, warranty_expiration, po_number, invoice_number, gl_account, cost, cost_center, " +
				"sys_created_on",
			map[string]string{"id": "", "model_category": "category", "model": "model",
				"serial_number": "serial_number", "asset_tag": "asset_tag", "location": "location",
				"assigned_to": "assigned_to", "department": "department", "install_status": "status",
				"purchase_date": "purchase_date", "order_date": "", "vendor": "supplier",
				"warranty_expiration": "warranty_end", "po_number": "order_number",
				"invoice_number": "invoice_number", "gl_account": "budget_line", "cost": "purchase_cost",
				"cost_center": "cost_centre", "sys_created_on": ""}},
		{"snipe-it assets BAD", KindDevice,
			"Full Name, Email, Username, Company, item Name, Category, Model name, Manufacturer, Model Number, Serial, Asset Tag, Location, Category, " +
				"Notes, Purchase Date, Purchase Cost, Company, Status, Warranty, Supplier",
			map[string]string{"Full Name": "assigned_to", "Email": "", "Username": "", "Company": "",
				"item Name": "hostname", "Category": "category", "Model name": "model",
				"Manufacturer": "manufacturer", "Model Number": "", "Serial": "serial_number",
				"Asset Tag": "asset_tag", "Location": "location", "Notes": "notes",
				"Purchase Date": "purchase_date", "Purchase Cost": "purchase_cost", "Status": "status",
				"Warranty": "warranty_months", "Supplier": "supplier"}},
		{"snipe-it licences", KindLicence,
			"Full Name, Email, Username, Item name, serial number, Category, manufacturer, purchase date, purchase cost, purchase order, order number, " +
				"Licensed To Name, Licensed to Email, expiration date, maintained, reassignable, seats, company, supplier, notes",
			map[string]string{"Item name": "product", "serial number": "key", "manufacturer": "publisher",
				"purchase date": "start_date", "purchase cost": "cost", "purchase order": "",
				// "order number" is the field's own name, so it wins over the synonym to its left.
				"order number": "order_number", "Licensed To Name": "", "expiration date": "end_date",
				"maintained": "", "seats": "seats", "supplier": "supplier", "notes": "notes",
				"Full Name": "", "Category": ""}},
		{"servicenow core_company", KindVendor,
			"id, name, street, city, state, zip, country, phone, fax_phone, contact, manufacturer, vendor, customer, parent, notes, website, sys_id",
			map[string]string{"name": "name", "phone": "support_phone", "manufacturer": "is_manufacturer",
				"vendor": "is_supplier", "customer": "", "notes": "notes", "website": "website", "id": ""}},
		{"it dashboard projects", KindBudgetLine,
			"Unique Investment Identifier, Business Case ID, Agency Code, Agency Name, Investment Title, Project ID, Agency Project ID, Project Name, " +
				"Project Description, Start Date, Completion Date (B1), Lifecycle Cost ($ M), Planned Cost ($ M), Projected/Actual Cost ($ M), Updated Date, " +
				"Updated Time, Unique Project ID",
			map[string]string{"Unique Investment Identifier": "code", "Investment Title": "name",
				"Project Name": "", "Project Description": "notes", "Planned Cost ($ M)": "allocated",
				"Lifecycle Cost ($ M)": "", "Agency Name": ""}},
		{"it dashboard investments", KindBudgetLine,
			"UII, Bureau, Investment Title, Total FY2021 Spending ($M), Type, CIO Rating, # of Projects",
			map[string]string{"UII": "code", "Bureau": "cost_centre", "Investment Title": "name",
				"Total FY2021 Spending ($M)": "allocated", "Type": "", "CIO Rating": "", "# of Projects": ""}},
		{"dell warranty export", KindWarranty,
			"Service Tag, Product Description, Ship Date, Warranty Start Date, Warranty End Date, Service Level Description, Entitlement",
			map[string]string{"Service Tag": "devices", "Product Description": "",
				"Warranty Start Date": "start_date", "Warranty End Date": "end_date",
				"Service Level Description": "service_level", "Entitlement": "reference", "Ship Date": ""}},
		{"common device sheet", KindDevice,
			"Asset #, S/N, Computer Name, Make, Model, Dept, Cost Center, Site, Purchased, Price (GBP), EOL, Owner",
			map[string]string{"Asset #": "asset_tag", "S/N": "serial_number", "Computer Name": "hostname",
				"Make": "manufacturer", "Model": "model", "Dept": "department", "Cost Center": "cost_centre",
				"Site": "location", "Purchased": "purchase_date", "Price (GBP)": "purchase_cost",
				"EOL": "eol_date", "Owner": "assigned_to"}},
		{"common licence sheet", KindLicence,
			"Software, Vendor, License Key, Qty, Renewal Date, Auto-renews, Notice Period (days), Annual Cost, Billing, Budget Code",
			map[string]string{"Software": "product", "Vendor": "publisher", "License Key": "key",
				"Qty": "seats", "Renewal Date": "end_date", "Auto-renews": "auto_renew",
				"Notice Period (days)": "notice_days", "Annual Cost": "cost", "Billing": "billing_period",
				"Budget Code": "budget_line"}},
		{"common budget sheet", KindBudgetLine,
			"Budget Code, Name, FY, CAPEX/OPEX, Cost Centre, Budget Holder, Budget (£)",
			map[string]string{"Budget Code": "code", "Name": "name", "FY": "fiscal_year",
				"CAPEX/OPEX": "category", "Cost Centre": "cost_centre", "Budget Holder": "owner",
				"Budget (£)": "allocated"}},
		{"japanese device sheet", KindDevice, "管理番号, ＰＣ名, シリアル番号, メーカー, 機種, 部署, 使用者, 購入日, 価格, 備考",
			map[string]string{"管理番号": "asset_tag", "ＰＣ名": "hostname", "シリアル番号": "serial_number",
				"メーカー": "manufacturer", "機種": "model", "部署": "department", "使用者": "assigned_to",
				"購入日": "purchase_date", "価格": "purchase_cost", "備考": "notes"}},
		{"vendor list named by Vendor", KindVendor, "Vendor, Website, Support Phone, Roles",
			map[string]string{"Vendor": "name", "Website": "website", "Support Phone": "support_phone", "Roles": "roles"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Map(split(tt.header), tt.kind, nil)
			if err := m.Err(); err != nil {
				t.Fatal(err)
			}
			got := fieldsOf(m)
			for h, want := range tt.want {
				if got[h] != want {
					t.Errorf("%q maps to %q, want %q", h, got[h], want)
				}
			}
		})
	}
}

func TestMapDuplicates(t *testing.T) {
	t.Run("same header twice", func(t *testing.T) {
		m := Map([]string{"Asset Tag", "Category", "Serial", "Category"}, KindDevice, nil)
		if len(m.Duplicates) != 1 || m.Duplicates[0].Column.Index != 3 || m.Duplicates[0].First.Index != 1 || !m.Duplicates[0].SameHeader {
			t.Fatalf("duplicates = %+v", m.Duplicates)
		}
		if m.Columns[3].Field != "" || m.Index("category") != 1 {
			t.Fatalf("the first Category must win: %+v", m.Columns)
		}
		if !strings.Contains(m.Duplicates[0].String(), "repeats the header of column B") {
			t.Fatalf("message %q", m.Duplicates[0].String())
		}
		if m.Err() != nil {
			t.Fatal("duplicates are not errors")
		}
	})
	t.Run("two headers one field", func(t *testing.T) {
		m := Map([]string{"Serial", "Service Tag"}, KindDevice, nil)
		if m.Index("serial_number") != 0 || len(m.Duplicates) != 1 || m.Duplicates[0].SameHeader {
			t.Fatalf("mapping %+v duplicates %+v", m.Columns, m.Duplicates)
		}
		if !strings.Contains(m.Duplicates[0].String(), `also means serial_number, already read from column A "Serial"`) {
			t.Fatalf("message %q", m.Duplicates[0].String())
		}
	})
	t.Run("unknown columns listed", func(t *testing.T) {
		m := Map([]string{"Asset Tag", "Colour", "", "Warranty Provider Portal"}, KindDevice, nil)
		if len(m.Unknown) != 2 || m.Unknown[0].Header != "Colour" || m.Unknown[1].Index != 3 {
			t.Fatalf("unknown = %+v", m.Unknown)
		}
	})
	t.Run("units kept per column", func(t *testing.T) {
		m := Map([]string{"Code", "Allocated ($M)"}, KindBudgetLine, nil)
		c, ok := m.Column("allocated")
		if !ok || c.Unit != (Unit{Currency: "USD", Multiplier: 1_000_000, Symbol: "$"}) {
			t.Fatalf("column %+v", c)
		}
	})
}

func TestMapExplicit(t *testing.T) {
	header := []string{"Ref", "Desc", "Serial", "Colour"}
	tests := []struct {
		name     string
		explicit map[string]string
		want     map[int]string // column -> field
		err      string
	}{
		{"header overrides synonym", map[string]string{"Serial": "asset_tag", "ref": "serial_number"},
			map[int]string{0: "serial_number", 2: "asset_tag"}, ""},
		{"header matched after normalising", map[string]string{" COLOUR ": "notes"}, map[int]string{3: "notes", 2: "serial_number"}, ""},
		{"column letter", map[string]string{"B": "model"}, map[int]string{1: "model"}, ""},
		{"column number", map[string]string{"2": "model"}, map[int]string{1: "model"}, ""},
		{"target by header", map[string]string{"Desc": "Model Name"}, map[int]string{1: "model"}, ""},
		{"ignore a column", map[string]string{"Serial": "ignore"}, map[int]string{2: ""}, ""},
		{"unknown field", map[string]string{"Desc": "colourway"}, nil, `"colourway" is not a device field`},
		{"system field id", map[string]string{"Ref": "id"}, nil, "id is set by itreg and cannot be imported"},
		{"system field version", map[string]string{"Ref": "version"}, nil, "version is set by itreg"},
		{"system field created_at", map[string]string{"Ref": "created_at"}, nil, "created_at is set by itreg"},
		{"missing column", map[string]string{"Nope Nope": "model"}, nil, `names column "Nope Nope"`},
		{"two columns one field", map[string]string{"A": "model", "B": "model"}, nil, "both column A and column B to model"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Map(header, KindDevice, tt.explicit)
			wantErr(t, m.Err(), tt.err)
			for col, f := range tt.want {
				if m.Columns[col].Field != f {
					t.Errorf("column %d = %q, want %q", col, m.Columns[col].Field, f)
				}
			}
		})
	}
	t.Run("explicit claims before synonyms", func(t *testing.T) {
		m := Map([]string{"Serial", "Service Tag"}, KindDevice, map[string]string{"Service Tag": "serial_number"})
		if m.Index("serial_number") != 1 || len(m.Duplicates) != 1 || m.Duplicates[0].Column.Index != 0 {
			t.Fatalf("columns %+v duplicates %+v", m.Columns, m.Duplicates)
		}
	})
	t.Run("positional on headerless", func(t *testing.T) {
		m := Map(nil, KindBudgetLine, map[string]string{"A": "code", "C": "name", "D": "allocated"})
		if m.Err() != nil || len(m.Columns) != 4 || m.Index("code") != 0 || m.Index("name") != 2 || m.Columns[2].Source != SourcePosition {
			t.Fatalf("mapping %+v, %v", m.Columns, m.Err())
		}
	})
	t.Run("position beyond the header claims a field a header also names", func(t *testing.T) {
		m := Map([]string{"Serial"}, KindDevice, map[string]string{"C": "serial_number"})
		if m.Err() != nil || m.Index("serial_number") != 2 || len(m.Duplicates) != 1 || m.Duplicates[0].SameHeader {
			t.Fatalf("columns %+v duplicates %+v err %v", m.Columns, m.Duplicates, m.Err())
		}
	})
	t.Run("unknown kind", func(t *testing.T) {
		wantErr(t, Map([]string{"a"}, "spaceship", nil).Err(), `unknown kind "spaceship"`)
	})
}

// TestSynonymsUnambiguous keeps each kind's synonym table free of a header that two fields
// both claim, which would make the later field unreachable by that header.
func TestSynonymsUnambiguous(t *testing.T) {
	for _, kind := range Kinds {
		t.Run(kind, func(t *testing.T) {
			owner := map[string]string{}
			for _, f := range Fields(kind) {
				for _, h := range append([]string{f.Name, f.Header}, f.Synonyms...) {
					k := normKey(h)
					if o, ok := owner[k]; ok && o != f.Name {
						t.Errorf("%q (%s) is claimed by both %s and %s", h, k, o, f.Name)
					}
					owner[k] = f.Name
				}
				if f.Header == "" || f.Name == "" {
					t.Errorf("field %+v has no name or header", f)
				}
				if f.Type == Enum && len(f.Enum) == 0 {
					t.Errorf("enum field %s has no values", f.Name)
				}
			}
		})
	}
}

func TestColumnLetters(t *testing.T) {
	for _, tt := range []struct {
		i int
		s string
	}{{0, "A"}, {25, "Z"}, {26, "AA"}, {51, "AZ"}, {52, "BA"}, {701, "ZZ"}, {702, "AAA"}, {16383, "XFD"}} {
		t.Run(tt.s, func(t *testing.T) {
			if got := ColumnLetter(tt.i); got != tt.s {
				t.Fatalf("ColumnLetter(%d) = %q", tt.i, got)
			}
			if got, ok := ColumnIndex(strings.ToLower(tt.s)); !ok || got != tt.i {
				t.Fatalf("ColumnIndex(%q) = %d, %v", tt.s, got, ok)
			}
		})
	}
	for _, bad := range []string{"", "0", "-1", "XFE", "A1", "ABCD", "16385"} {
		t.Run("bad "+bad, func(t *testing.T) {
			if _, ok := ColumnIndex(bad); ok {
				t.Fatalf("ColumnIndex(%q) accepted", bad)
			}
		})
	}
}

func TestAddFlagRole(t *testing.T) {
	roles := AddFlagRole(nil, "is_manufacturer", true)
	roles = AddFlagRole(roles, "is_supplier", false)
	roles = AddFlagRole(roles, "is_manufacturer", true)
	roles = AddFlagRole(roles, "is_reseller", true)
	roles = AddFlagRole(roles, "website", true)
	if strings.Join(roles, ",") != "manufacturer,reseller" {
		t.Fatalf("roles = %v", roles)
	}
}

func TestExplicitMappingCarriesAUnit(t *testing.T) {
	m := Map(nil, KindBudgetLine, map[string]string{"A": "code", "D": "allocated ($M)"})
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	c, ok := m.Column("allocated")
	if !ok || c.Index != 3 || c.Unit.Multiplier != 1_000_000 || c.Unit.Symbol != "$" {
		t.Fatalf("column %+v", c)
	}
}
