package fields

import (
	"fmt"
	"slices"
	"strings"

	"itreg/importers/sheet"
	"itreg/models"
)

// enumSynonyms maps each enum domain to its accepted words (normalised like headers: case,
// spaces and punctuation ignored) and the value each one means. Every domain value is also
// accepted as itself.
var enumSynonyms = map[string]map[string]string{
	"status": {
		// deployed
		"inuse": "deployed", "deployed": "deployed", "assigned": "deployed", "active": "deployed",
		"installed": "deployed", "inservice": "deployed", "live": "deployed", "production": "deployed",
		"checkedout": "deployed", "issued": "deployed", "allocated": "deployed", "onloan": "deployed",
		"loaned": "deployed",
		// in stock
		"readytodeploy": "in_stock", "available": "in_stock", "instock": "in_stock", "spare": "in_stock",
		"stock": "in_stock", "instorage": "in_stock", "storage": "in_stock", "unassigned": "in_stock",
		"pendinginstall": "in_stock", "build": "in_stock", "deployable": "in_stock", "reserved": "in_stock",
		"checkedin": "in_stock", "returned": "in_stock",
		// ordered
		"pending": "ordered", "onorder": "ordered", "ordered": "ordered", "intransit": "ordered",
		"awaitingdelivery": "ordered", "requested": "ordered",
		// in repair
		"repair": "in_repair", "inrepair": "in_repair", "broken": "in_repair", "outforrepair": "in_repair",
		"inmaintenance": "in_repair", "maintenance": "in_repair", "faulty": "in_repair",
		"undeployable": "in_repair", "pendingrepair": "in_repair", "damaged": "in_repair",
		"diagnostics": "in_repair", "pendingdiagnostics": "in_repair", "outfordiagnostics": "in_repair",
		"rma": "in_repair", "defective": "in_repair",
		// retired
		"retired": "retired", "archived": "retired", "decommissioned": "retired", "inactive": "retired",
		"endoflife": "retired", "eol": "retired", "consumed": "retired", "brokennotfixable": "retired",
		"notfixable": "retired", "awaitingdisposal": "retired", "pendingdisposal": "retired",
		// disposed
		"disposed": "disposed", "sold": "disposed", "recycled": "disposed", "scrapped": "disposed",
		"donated": "disposed", "destroyed": "disposed", "writtenoff": "disposed",
		// lost
		"lost": "lost", "stolen": "lost", "missing": "lost", "absent": "lost",
		// ServiceNow install_status codes (alm_asset / cmdb_ci choice lists).
		"1": "deployed", "2": "ordered", "3": "in_repair", "4": "in_stock", "5": "in_repair",
		"6": "in_stock", "7": "retired", "8": "lost", "9": "ordered", "10": "retired",
		"11": "in_stock", "100": "lost",
	},
	"category": {
		"laptop": "laptop", "notebook": "laptop", "ultrabook": "laptop", "macbook": "laptop",
		"chromebook": "laptop", "portable": "laptop", "laptopcomputer": "laptop",
		"desktop": "desktop", "workstation": "desktop", "pc": "desktop", "computer": "desktop",
		"tower": "desktop", "imac": "desktop", "allinone": "desktop", "minipc": "desktop",
		"thinclient": "desktop", "desktopcomputer": "desktop", "personalcomputer": "desktop",
		"server": "server", "virtualserver": "server", "rackserver": "server", "bladeserver": "server",
		"blade": "server", "virtualmachine": "server", "vm": "server", "storage": "server", "san": "server", "nas": "server", "host": "server",
		"network": "network", "switch": "network", "router": "network", "firewall": "network",
		"accesspoint": "network", "wap": "network", "wirelessaccesspoint": "network", "ap": "network",
		"loadbalancer": "network", "networkgear": "network", "networkdevice": "network",
		"networking": "network", "networkequipment": "network", "modem": "network",
		"phone": "phone", "mobile": "phone", "mobilephone": "phone", "smartphone": "phone",
		"iphone": "phone", "cellphone": "phone", "handset": "phone", "deskphone": "phone",
		"ipphone": "phone", "telephone": "phone", "mobiledevice": "phone",
		"tablet": "tablet", "ipad": "tablet",
		"monitor": "monitor", "display": "monitor", "screen": "monitor",
		"printer": "printer", "mfp": "printer", "mfd": "printer", "scanner": "printer",
		"copier": "printer", "multifunctionprinter": "printer", "labelprinter": "printer",
		"av": "av", "audiovisual": "av", "projector": "av", "conference": "av", "camera": "av",
		"videoconferencing": "av", "conferencing": "av", "tv": "av", "television": "av",
		"speakerphone": "av",
		"peripheral":   "peripheral", "computerperipheral": "peripheral", "keyboard": "peripheral",
		"mouse": "peripheral", "dock": "peripheral", "dockingstation": "peripheral",
		"headset": "peripheral", "webcam": "peripheral", "accessory": "peripheral",
		"accessories": "peripheral", "peripherals": "peripheral", "adapter": "peripheral",
		"other": "other", "hardware": "other", "misc": "other", "miscellaneous": "other",
	},
	"licence_type": {
		"subscription": "subscription", "saas": "subscription", "term": "subscription",
		"cloud": "subscription", "subscriptionlicense": "subscription", "termlicense": "subscription",
		"annualsubscription": "subscription", "rental": "subscription",
		"perpetual": "perpetual", "oem": "perpetual", "perpetuallicense": "perpetual",
		"retail": "perpetual", "volume": "perpetual", "permanent": "perpetual", "owned": "perpetual",
	},
	"metric": {
		"peruser": "per_user", "user": "per_user", "users": "per_user", "nameduser": "per_user",
		"seat": "per_user", "perseat": "per_user", "pernameduser": "per_user", "subscriber": "per_user",
		"perdevice": "per_device", "device": "per_device", "devices": "per_device",
		"permachine": "per_device", "machine": "per_device", "node": "per_device", "pernode": "per_device",
		"site": "site", "sitelicense": "site", "enterprise": "site", "organization": "site",
		"unlimited": "site", "tenant": "site",
		"concurrent": "concurrent", "concurrentuser": "concurrent", "concurrentusers": "concurrent",
		"floating": "concurrent",
		"percore":  "per_core", "core": "per_core", "cores": "per_core", "perprocessor": "per_core",
		"processor": "per_core", "cpu": "per_core", "percpu": "per_core",
	},
	"billing_period": {
		"monthly": "monthly", "month": "monthly", "permonth": "monthly", "pm": "monthly",
		"annual": "annual", "annually": "annual", "yearly": "annual", "year": "annual",
		"peryear": "annual", "perannum": "annual", "pa": "annual", "12months": "annual",
		"oneoff": "one_off", "onetime": "one_off", "once": "one_off", "upfront": "one_off",
		"single": "one_off", "singlepayment": "one_off",
	},
	"warranty_kind": {
		"manufacturer": "manufacturer", "base": "manufacturer", "standard": "manufacturer",
		"limited": "manufacturer", "factory": "manufacturer", "manufacturerwarranty": "manufacturer",
		"basewarranty": "manufacturer", "standardwarranty": "manufacturer", "oem": "manufacturer",
		"extended": "extended", "extendedwarranty": "extended", "carepack": "extended",
		"applecare": "extended", "warrantyextension": "extended",
		"support": "support", "maintenance": "support", "supportcontract": "support",
		"maintenancecontract": "support", "servicecontract": "support", "sla": "support",
		"managedservice": "support", "prosupport": "support",
		"lease": "lease", "leased": "lease", "leasing": "lease", "rental": "lease",
	},
	"budget_category": {
		"capex": "capex", "capital": "capex", "capitalexpenditure": "capex", "cap": "capex",
		"opex": "opex", "operating": "opex", "operational": "opex", "operatingexpenditure": "opex",
		"operationalexpenditure": "opex", "revenue": "opex",
	},
	"vendor_role": {
		"manufacturer": "manufacturer", "maker": "manufacturer", "oem": "manufacturer",
		"make": "manufacturer", "brand": "manufacturer", "publisher": "manufacturer",
		"supplier": "supplier", "vendor": "supplier", "distributor": "supplier", "seller": "supplier",
		"reseller": "reseller", "var": "reseller", "partner": "reseller", "valueaddedreseller": "reseller",
		"serviceprovider": "service_provider", "msp": "service_provider",
		"managedserviceprovider": "service_provider", "provider": "service_provider",
		"supportprovider": "service_provider", "maintainer": "service_provider",
	},
}

// enumDomain names the synonym table of a field.
func enumDomain(f Field) string {
	switch {
	case f.Name == "status":
		return "status"
	case f.Name == "category" && sameValues(f.Enum, models.DeviceCategories):
		return "category"
	case f.Name == "category":
		return "budget_category"
	case f.Name == "type":
		return "licence_type"
	case f.Name == "metric":
		return "metric"
	case f.Name == "billing_period":
		return "billing_period"
	case f.Name == "kind":
		return "warranty_kind"
	case f.Name == "roles":
		return "vendor_role"
	}
	return ""
}

func sameValues(a, b []string) bool { return slices.Equal(a, b) }

// enumExamples are the everyday words an error suggests next to the domain values.
var enumExamples = map[string]string{
	"status":   "In use, In stock, Ready to Deploy, On order, Repair, Retired, Disposed, Lost",
	"category": "Laptop, Notebook, Desktop, Server, Switch, Mobile Phone, iPad, Monitor, Printer, Projector, Keyboard",
}

// ParseEnum reads a value of an Enum field of a kind, accepting the domain values and their
// everyday synonyms: statuses ("In use", "Ready to Deploy", "Out for repair", "Stolen", and
// ServiceNow install_status codes 1-11 and 100), device categories ("Notebook", "WAP",
// "iPhone", "Docking Station"; ServiceNow model categories "Computer" as desktop, "Hardware"
// as other, "Computer Peripheral" as peripheral), licence types ("SaaS", "OEM"), metrics
// ("Named user", "Per core"), billing periods ("Yearly", "One time"), warranty kinds
// ("Base", "Maintenance") and budget categories ("Capital", "Operating"). Plurals are
// accepted ("Laptops"). An unknown word is an error listing the accepted values: nothing is
// silently filed under "other". A blank cell gives "".
func ParseEnum(c sheet.Cell, field Field) (string, error) {
	if IsBlank(c) {
		return "", nil
	}
	raw := trimText(foldSpace(cellText(c)))
	if v, ok := lookupEnum(raw, field); ok {
		return v, nil
	}
	accepted := strings.Join(field.Enum, ", ")
	if ex, ok := enumExamples[enumDomain(field)]; ok {
		accepted += " (or a common name such as " + ex + ")"
	}
	return "", fmt.Errorf("%q is not a %s; use one of %s", shorten(raw), strings.ReplaceAll(field.Name, "_", " "), accepted)
}

func lookupEnum(raw string, field Field) (string, bool) {
	k := normKey(raw)
	if k == "" {
		return "", false
	}
	for _, v := range field.Enum {
		if k == normKey(v) {
			return v, true
		}
	}
	table := enumSynonyms[enumDomain(field)]
	if v, ok := table[k]; ok {
		return v, true
	}
	if strings.HasSuffix(k, "s") {
		if v, ok := table[strings.TrimSuffix(k, "s")]; ok {
			return v, true
		}
	}
	if strings.HasSuffix(k, "es") {
		if v, ok := table[strings.TrimSuffix(k, "es")]; ok {
			return v, true
		}
	}
	return lookupWords(raw, table)
}

// genericWords say nothing about which value is meant ("Notebook Computer", "Mobile Devices").
var genericWords = map[string]bool{
	"computer": true, "computers": true, "device": true, "devices": true, "equipment": true,
	"hardware": true, "unit": true, "units": true, "asset": true, "assets": true, "item": true,
	"items": true, "pro": true, "the": true, "and": true, "for": true, "not": true, "to": true,
	"be": true, "of": true, "a": true, "an": true,
}

// lookupWords accepts a phrase whose meaningful words all point to the same value
// ("Notebook Computer" -> laptop, "Lost/Stolen" -> lost); words pointing to different values
// leave it unrecognised rather than guessed.
func lookupWords(raw string, table map[string]string) (string, bool) {
	words := strings.FieldsFunc(strings.ToLower(raw), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	found := ""
	for _, w := range words {
		if w == "non" {
			return "", false // "Non-Production" is not production: a negated phrase is never guessed
		}
		if genericWords[w] || strings.Trim(w, "0123456789") == "" {
			continue // numbers are codes only when they stand alone
		}
		v, ok := table[w]
		if !ok && strings.HasSuffix(w, "s") {
			v, ok = table[strings.TrimSuffix(w, "s")]
		}
		if !ok {
			continue
		}
		if found != "" && found != v {
			return "", false
		}
		found = v
	}
	return found, found != ""
}

// ParseRoles reads a vendor's roles: a list (see SplitList) of roles or their synonyms
// ("Vendor" is supplier, "MSP" service provider). A blank cell gives nil.
func ParseRoles(c sheet.Cell) ([]string, error) {
	if IsBlank(c) {
		return nil, nil
	}
	f, _ := FieldByName(KindVendor, "roles")
	var out []string
	for _, item := range SplitList(cellText(c)) {
		v, ok := lookupEnum(item, f)
		if !ok {
			return nil, fmt.Errorf("%q is not a vendor role; use one of %s", shorten(item), strings.Join(models.VendorRoles, ", "))
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out, nil
}
