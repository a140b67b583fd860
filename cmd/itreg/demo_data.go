package main

import (
	"maps"
	"slices"

	"itreg/models"
)

// The demo register's data: its vendors, budget lines, device categories and licences, as
// literal tables that loadDemo (demo.go) writes.

// demoSeed fixes the demo's random choices, so every load is the same register (relative to today).
const demoSeed = 20261122

// demoVendors are the vendors of the demo register and their roles.
var demoVendors = []struct {
	Name, Website string
	Roles         []string
}{
	{"Dell Technologies", "https://www.dell.com", []string{"manufacturer"}},
	{"HP Inc.", "https://www.hp.com", []string{"manufacturer"}},
	{"Lenovo", "https://www.lenovo.com", []string{"manufacturer"}},
	{"Apple", "https://www.apple.com", []string{"manufacturer"}},
	{"Samsung", "https://www.samsung.com", []string{"manufacturer"}},
	{"Cisco", "https://www.cisco.com", []string{"manufacturer"}},
	{"Logitech", "https://www.logitech.com", []string{"manufacturer"}},
	{"Microsoft", "https://www.microsoft.com", []string{"manufacturer"}},
	{"Adobe", "https://www.adobe.com", []string{"manufacturer"}},
	{"Atlassian", "https://www.atlassian.com", []string{"manufacturer", "supplier"}},
	{"Zoom", "https://zoom.us", []string{"manufacturer", "supplier"}},
	{"Salesforce", "https://www.salesforce.com", []string{"manufacturer", "supplier"}},
	{"Jamf", "https://www.jamf.com", []string{"manufacturer", "supplier"}},
	{"Softcat", "https://www.softcat.com", []string{"supplier", "reseller"}},
	{"CDW", "https://www.cdw.com", []string{"supplier", "reseller"}},
	{"Insight", "https://www.insight.com", []string{"supplier", "reseller"}},
	{"Computacenter", "https://www.computacenter.com", []string{"supplier", "reseller", "service_provider"}},
}

// demoBudget is one budget line, created for the current and the previous fiscal year.
var demoBudget = []struct {
	Code, Name, Category, CostCentre, Owner string
	Amount                                  int64 // in major units of Currency
	Currency                                string
}{
	{"IT-HW-01", "End-user hardware", "capex", "CC-IT-100", "Head of IT", 260_000, "GBP"},
	{"IT-HW-02", "Servers and network", "capex", "CC-IT-110", "Infrastructure Manager", 140_000, "GBP"},
	{"IT-SW-01", "Software subscriptions", "opex", "CC-IT-200", "Head of IT", 240_000, "GBP"},
	{"IT-SW-02", "Perpetual software licences", "capex", "CC-IT-210", "Head of IT", 45_000, "GBP"},
	{"IT-SW-US", "Software bought in US dollars", "opex", "CC-IT-220", "Head of IT", 60_000, "USD"},
	{"IT-SUP-01", "Support and maintenance contracts", "opex", "CC-IT-300", "Infrastructure Manager", 65_000, "GBP"},
}

// demoCategory describes how many devices of a category the demo has and what they look like.
type demoCategory struct {
	Category   string
	Count      int
	Models     map[string][]string // vendor name -> models it makes
	MinPounds  int64
	MaxPounds  int64
	HostPrefix string // hostnames for computers and infrastructure; empty for the rest
	Personal   bool   // assigned to a person when deployed
}

var demoCategories = []demoCategory{
	{models.CategoryLaptop, 126, map[string][]string{
		"Dell Technologies": {"Latitude 7440", "XPS 13 9340"}, "HP Inc.": {"EliteBook 840 G10"},
		"Lenovo": {"ThinkPad T14 Gen 4", "ThinkPad X1 Carbon Gen 11"}, "Apple": {"MacBook Pro 14 M3", "MacBook Air 13 M2"},
	}, 850, 2400, "LT", true},
	{models.CategoryDesktop, 35, map[string][]string{
		"Dell Technologies": {"OptiPlex 7010"}, "HP Inc.": {"EliteDesk 800 G9"}, "Lenovo": {"ThinkCentre M90q"},
	}, 650, 1400, "DT", true},
	{models.CategoryMonitor, 50, map[string][]string{
		"Dell Technologies": {"P2723DE", "U2724D"}, "HP Inc.": {"E27 G5"}, "Lenovo": {"ThinkVision T27i"},
	}, 150, 420, "", true},
	{models.CategoryPhone, 30, map[string][]string{
		"Apple": {"iPhone 15", "iPhone 14"}, "Samsung": {"Galaxy S24", "Galaxy A55"},
	}, 380, 1100, "", true},
	{models.CategoryTablet, 10, map[string][]string{
		"Apple": {"iPad Air 11", "iPad 10th gen"}, "Samsung": {"Galaxy Tab S9"},
	}, 420, 950, "", true},
	{models.CategoryServer, 18, map[string][]string{
		"Dell Technologies": {"PowerEdge R660", "PowerEdge R750"}, "HP Inc.": {"ProLiant DL380 Gen11", "ProLiant DL360 Gen10"},
	}, 4200, 16000, "srv", false},
	{models.CategoryNetwork, 22, map[string][]string{
		"Cisco": {"Catalyst 9300-48P", "Catalyst 9200L-24P", "Meraki MR46", "ISR 4331", "Firepower 1140"},
	}, 700, 7500, "net", false},
	{models.CategoryPrinter, 5, map[string][]string{
		"HP Inc.": {"LaserJet Enterprise M611", "Color LaserJet Pro MFP 4301"},
	}, 320, 2600, "prn", false},
	{models.CategoryAV, 4, map[string][]string{"Logitech": {"Rally Bar", "Rally Bar Mini"}}, 2200, 4800, "", false},
}

// makers lists the category's manufacturers in a fixed order, so the demo stays deterministic.
func (c demoCategory) makers() []string {
	return slices.Sorted(maps.Keys(c.Models))
}

var (
	demoDepartments = []string{"Finance", "Engineering", "Sales", "HR", "Operations", "IT"}
	demoCostCentres = map[string]string{"Finance": "CC-FIN", "Engineering": "CC-ENG", "Sales": "CC-SAL",
		"HR": "CC-HR", "Operations": "CC-OPS", "IT": "CC-IT-100"}
	demoOffices     = []string{"London HQ", "Manchester", "Edinburgh", "Remote"}
	demoDataCentres = []string{"Data Centre LON1", "Data Centre MAN1"}
	demoFirstNames  = []string{"Amelia", "Oliver", "Isla", "George", "Ava", "Noah", "Mia", "Arthur", "Freya", "Leo",
		"Sophia", "Harry", "Grace", "Oscar", "Lily", "Jack", "Emily", "Charlie", "Priya", "Mohammed", "Chloe", "Thomas",
		"Zara", "James", "Ruby", "Daniel", "Aisha", "Samuel", "Hannah", "Kwame"}
	demoLastNames = []string{"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
		"Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Khan", "Clarke",
		"Okafor", "Murphy", "Campbell", "Kaur", "Lewis", "Hughes", "Edwards", "Ahmed", "Turner", "Scott"}
)

// demoLicence is one licence of the demo and how many of its seats are assigned.
type demoLicence struct {
	Product, Publisher, Supplier, Reference string
	Type, Metric, Billing                   string
	Seats                                   int64 // 0 = unlimited
	Assigned                                int   // seats to assign
	EndInDays                               int   // subscription renewal, days from today
	StartDaysAgo                            int   // perpetual purchase, days before today
	NoticeDays                              int
	AutoRenew                               bool
	Pounds                                  int64 // per billing period
	Currency                                string
	ToDevices                               bool // seats go to devices rather than people
}

var demoLicences = []demoLicence{
	{"Microsoft 365 E3", "Microsoft", "Softcat", "MS-EA-7741203", "subscription", "per_user", "annual", 260, 236, 45, 0, 30, false, 85_800, "GBP", false},
	{"Adobe Creative Cloud All Apps", "Adobe", "Softcat", "ADB-VIP-55120", "subscription", "per_user", "annual", 15, 15, 75, 0, 30, true, 9_450, "GBP", false},
	{"Jira Software Cloud Standard", "Atlassian", "Atlassian", "ATL-SEN-4471-JSW",
		"subscription", "per_user", "monthly", 120, 84, 18, 0, 0, true, 910, "USD", false},
	{"Confluence Cloud Standard", "Atlassian", "Atlassian", "ATL-SEN-4471-CNF", "subscription", "per_user", "monthly", 120, 96, 18, 0, 0, true, 720, "USD", false},
	{"Zoom Workplace Business", "Zoom", "Zoom", "ZM-88213004", "subscription", "per_user", "annual", 80, 58, 26, 0, 30, true, 11_520, "GBP", false},
	{"Zoom Rooms", "Zoom", "Zoom", "ZM-88213005", "subscription", "per_device", "annual", 4, 4, 26, 0, 30, true, 2_400, "GBP", true},
	{"Slack Business+", "Salesforce", "Salesforce", "SLK-T0Q4R7", "subscription", "per_user", "annual", 220, 171, 210, 0, 60, false, 31_680, "GBP", false},
	{"Salesforce Sales Cloud Enterprise", "Salesforce", "Salesforce", "SFDC-00D4x0000",
		"subscription", "per_user", "annual", 40, 27, 150, 0, 90, false, 60_000, "GBP", false},
	{"Jamf Pro", "Jamf", "Insight", "JAMF-UK-30219", "subscription", "per_device", "annual", 70, 52, 85, 0, 60, false, 6_300, "GBP", true},
	{"Microsoft Project Plan 3", "Microsoft", "Softcat", "MS-EA-7741203-PRJ", "subscription", "per_user", "monthly", 12, 11, 45, 0, 30, false, 300, "GBP", false},
	{"Microsoft Visio Plan 2", "Microsoft", "Softcat", "MS-EA-7741203-VSO", "subscription", "per_user", "monthly", 10, 4, 45, 0, 30, false, 110, "GBP", false},
	{"Cisco DNA Advantage", "Cisco", "Computacenter", "CSCO-SA-1182734", "subscription", "per_device", "annual", 24, 22, 310, 0, 60, false, 14_200, "GBP", true},
	{"Microsoft Defender for Endpoint P2", "Microsoft", "Softcat", "MS-EA-7741203-MDE",
		"subscription", "per_device", "annual", 300, 200, 45, 0, 30, false, 14_400, "GBP", true},
	{"Windows Server 2022 Datacenter", "Microsoft", "Softcat", "MS-OL-88172201",
		"perpetual", "per_core", "one_off", 256, 0, 0, 900, 0, false, 48_600, "GBP", false},
	{"Microsoft Visio Professional 2021", "Microsoft", "Softcat", "MS-OL-88172202",
		"perpetual", "per_user", "one_off", 10, 7, 0, 700, 0, false, 5_400, "GBP", false},
	{"Adobe Acrobat Pro 2020", "Adobe", "CDW", "ADB-CLP-302218", "perpetual", "per_user", "one_off", 25, 19, 0, 1300, 0, false, 8_750, "USD", false},
	{"Atlassian Statuspage", "Atlassian", "Atlassian", "ATL-SP-99120", "subscription", "site", "annual", 0, 0, 120, 0, 0, true, 3_000, "USD", false},
}
