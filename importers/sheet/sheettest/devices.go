// Package sheettest writes realistic, deterministic spreadsheet files for tests and benchmarks
// of importers: a devices register as XLSX (shared strings and date-styled cells, as Excel
// writes them) and as CSV, with the same rows.
package sheettest

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"
)

// DevicesHeader is the header row the generators write.
var DevicesHeader = []string{
	"Asset Tag", "Serial Number", "Hostname", "Category", "Manufacturer", "Model", "Status",
	"Assigned To", "Department", "Cost Centre", "Location", "Purchase Date", "Purchase Cost",
	"Currency", "Supplier", "Order Number", "Invoice Number", "Lifetime Months", "EOL Date", "Notes",
}

// Column indexes of DevicesHeader that hold dates and numbers.
const (
	ColPurchaseDate   = 11
	ColPurchaseCost   = 12
	ColLifetimeMonths = 17
	ColEOLDate        = 18
)

// device is one generated row: strings, two dates and two numbers.
type device struct {
	text     [20]string // the string columns (dates and numbers left empty)
	purchase time.Time
	eol      time.Time
	cost     float64 // two decimals
	months   int
}

type model struct{ maker, name string }

var (
	categories = []string{"laptop", "desktop", "server", "network", "phone", "tablet", "monitor", "printer"}
	catPrefix  = []string{"lt", "dt", "srv", "net", "ph", "tab", "mon", "prn"}
	models     = [][]model{
		{{"Dell", "Latitude 5440"}, {"Lenovo", "ThinkPad T14 Gen 4"}, {"HP", "EliteBook 840 G10"}, {"Apple", "MacBook Pro 14\" M3"}},
		{{"Dell", "OptiPlex 7010"}, {"HP", "ProDesk 400 G9"}, {"Lenovo", "ThinkCentre M70q"}},
		{{"Dell", "PowerEdge R750"}, {"HPE", "ProLiant DL380 Gen11"}, {"Lenovo", "ThinkSystem SR650 V3"}},
		{{"Cisco", "Catalyst 9300-48P"}, {"Ubiquiti", "UniFi U6 Pro"}, {"Juniper", "EX2300-24P"}},
		{{"Apple", "iPhone 15"}, {"Samsung", "Galaxy S24"}, {"Google", "Pixel 8"}},
		{{"Apple", "iPad Air (5th gen)"}, {"Samsung", "Galaxy Tab S9"}, {"Microsoft", "Surface Go 4"}},
		{{"Dell", "P2723DE"}, {"LG", "27UK850-W"}, {"Samsung", "S27C650"}},
		{{"HP", "LaserJet Pro M404dn"}, {"Brother", "HL-L6400DW"}, {"Canon", "i-SENSYS MF455dw"}},
	}
	costBase   = []float64{1100, 750, 6500, 1800, 800, 600, 250, 400}
	statuses   = []string{"deployed", "deployed", "deployed", "deployed", "in_stock", "in_repair", "retired"}
	firstNames = []string{"Alice", "Ben", "Chloé", "David", "Emma", "Farid", "Grace", "Hiro", "Isla", "Jack", "Kemi", "Liam", "Maya", "Noah", "Olivia",
		"Priya", "Ravi", "Sofia", "Tom", "Zoë"}
	lastNames = []string{"Smith", "Jones", "Patel", "O'Brien", "Nguyen", "García", "Müller", "Khan", "Taylor", "Brown", "Wilson", "Evans", "Chen",
		"Okafor", "Davies"}
	departments = []string{"Finance", "HR", "Engineering", "Sales", "Marketing", "Operations", "IT", "Legal", "Customer Support"}
	locations   = []string{"London HQ", "Manchester", "Edinburgh", "Bristol", "Dublin", "New York", "Berlin", "Remote"}
	locCode     = []string{"lon", "man", "edi", "bri", "dub", "nyc", "ber", "rem"}
	suppliers   = []string{"CDW UK", "Softcat", "Computacenter", "Insight", "Dell Direct", "Apple Business", "Bechtle"}
	notes       = []string{"", "", "", "", "Spare charger issued", "Screen replaced under warranty", "Loan unit & dock", "Battery < 80% health",
		"VIP user", "Encrypted; BitLocker key in vault"}
)

var epoch = time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC)

// devices calls fn for rows 0..n-1 of the deterministic register.
func devices(n int, fn func(i int, d *device) error) error {
	rng := rand.New(rand.NewPCG(20260101, 42))
	var d device
	for i := range n {
		cat := rng.IntN(len(categories))
		m := models[cat][rng.IntN(len(models[cat]))]
		loc := rng.IntN(len(locations))
		d.purchase = epoch.AddDate(0, 0, rng.IntN(9*365))
		d.months = []int{36, 48, 60}[rng.IntN(3)]
		d.eol = d.purchase.AddDate(0, d.months, 0)
		d.cost = float64(int64(costBase[cat]*(0.7+0.6*rng.Float64())*100)) / 100
		cur := "GBP"
		switch r := rng.IntN(20); {
		case r == 0:
			cur = "EUR"
		case r <= 2:
			cur = "USD"
		}
		assigned := ""
		status := statuses[rng.IntN(len(statuses))]
		if status == "deployed" {
			assigned = firstNames[rng.IntN(len(firstNames))] + " " + lastNames[rng.IntN(len(lastNames))]
		}
		d.text = [20]string{
			0:  fmt.Sprintf("IT-%06d", i+1),
			1:  serial(rng),
			2:  fmt.Sprintf("%s-%s-%05d", catPrefix[cat], locCode[loc], i+1),
			3:  categories[cat],
			4:  m.maker,
			5:  m.name,
			6:  status,
			7:  assigned,
			8:  departments[rng.IntN(len(departments))],
			9:  "CC-" + strconv.Itoa(1000+rng.IntN(40)*10),
			10: locations[loc],
			13: cur,
			14: suppliers[rng.IntN(len(suppliers))],
			15: fmt.Sprintf("PO-%07d", 100000+i/3),
			16: fmt.Sprintf("INV-%08d", 2000000+i),
			19: notes[rng.IntN(len(notes))],
		}
		if err := fn(i, &d); err != nil {
			return err
		}
	}
	return nil
}

func serial(rng *rand.Rand) string {
	const alnum = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
	var b [10]byte
	for i := range b {
		b[i] = alnum[rng.IntN(len(alnum))]
	}
	return string(b[:])
}
