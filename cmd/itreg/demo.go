package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"

	"itreg/models"
)

// demo loads the demo register into the configured database, unless it already holds devices.
func demo(ctx context.Context, env *Env, args []string) int {
	fs := env.FlagSet("demo")
	force := fs.Bool("force", false, "load the demo register even if the database already holds devices")
	if ok, code := parseFlags(fs, args); !ok {
		return code
	}
	return env.withStore(ctx, "demo", func(st *models.Store) int {
		existing, err := deviceCount(ctx, st)
		if err != nil {
			return env.fail("demo", err)
		}
		if existing > 0 && !*force {
			fmt.Fprintf(env.Stdout, "The register already holds %d devices; the demo register was not loaded (use --force to add it anyway).\n", existing)
			return exitOK
		}
		n, err := loadDemo(ctx, st, demoOptions{FiscalYearStart: env.Config.FiscalYearStart, Batch: int(existing)})
		if err != nil {
			return env.fail("demo", err)
		}
		fmt.Fprintf(env.Stdout, "Demo register loaded: %s.\n", n)
		return exitOK
	})
}

// deviceCount counts the devices in the register.
func deviceCount(ctx context.Context, st *models.Store) (int64, error) {
	res, err := st.ListDevices(ctx, models.DeviceFilter{Page: models.Page{Limit: 1}})
	if err != nil {
		return 0, err
	}
	return res.Total, nil
}

// demoOptions tune loadDemo.
type demoOptions struct {
	// FiscalYearStart is the month fiscal years start on; budget lines cover the current and
	// the previous fiscal year.
	FiscalYearStart int
	// Batch offsets asset tags, serial numbers and references so that a forced second load
	// does not collide with the first. Zero for the first load.
	Batch int
}

// demoCounts says what loadDemo created.
type demoCounts struct {
	Vendors, BudgetLines, Devices, Licences, Seats, Warranties int
}

func (c demoCounts) String() string {
	return fmt.Sprintf("%d vendors, %d budget lines, %d devices, %d licences, %d seats, %d warranties",
		c.Vendors, c.BudgetLines, c.Devices, c.Licences, c.Seats, c.Warranties)
}

// demoLoader holds what the demo has created so far.
type demoLoader struct {
	st      *models.Store
	rng     *rand.Rand
	today   models.Date
	fyStart int
	fy      int // current fiscal year
	batch   int
	vendors map[string]int64
	budget  map[string]int64 // "code/fy" -> id
	people  []string
	counts  demoCounts
}

// loadDemo writes the demo register in one transaction, as actor "demo": either all of it is
// written or nothing.
func loadDemo(ctx context.Context, st *models.Store, opt demoOptions) (demoCounts, error) {
	ctx = models.WithActor(ctx, "demo")
	var counts demoCounts
	err := st.WithTx(ctx, func(tx *models.Store) error {
		l := &demoLoader{
			st: tx, rng: rand.New(rand.NewPCG(demoSeed, uint64(opt.Batch))), today: tx.Today(),
			fyStart: max(opt.FiscalYearStart, 1), batch: opt.Batch,
			vendors: map[string]int64{}, budget: map[string]int64{},
		}
		l.fy = models.FiscalYearOf(l.today, l.fyStart)
		for _, step := range []func(context.Context) error{l.loadVendors, l.loadBudget, l.loadPeople} {
			if err := step(ctx); err != nil {
				return err
			}
		}
		devices, err := l.loadDevices(ctx)
		if err != nil {
			return err
		}
		if err := l.loadWarranties(ctx, devices); err != nil {
			return err
		}
		if err := l.loadLicences(ctx, devices); err != nil {
			return err
		}
		counts = l.counts
		return nil
	})
	if err != nil {
		return demoCounts{}, fmt.Errorf("load the demo register (nothing was written): %w", err)
	}
	return counts, nil
}

// suffix makes identifiers of a forced second load distinct from the first.
func (l *demoLoader) suffix() string {
	if l.batch == 0 {
		return ""
	}
	return fmt.Sprintf("-B%d", l.batch)
}

func (l *demoLoader) pounds(n int64, currency string) models.Money {
	return models.Money{Amount: n * 100, Currency: currency}
}

// between returns a uniformly chosen integer in [lo, hi].
func (l *demoLoader) between(lo, hi int64) int64 { return lo + l.rng.Int64N(hi-lo+1) }

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func (l *demoLoader) loadVendors(ctx context.Context) error {
	for _, dv := range demoVendors {
		v, err := l.st.FindVendorByName(ctx, dv.Name)
		if err == nil {
			l.vendors[dv.Name] = v.ID
			continue
		}
		if !errors.Is(err, models.ErrNotFound) {
			return err
		}
		v = &models.Vendor{Name: dv.Name, Website: dv.Website, Roles: models.StringList(dv.Roles)}
		if err := l.st.CreateVendor(ctx, v); err != nil {
			return fmt.Errorf("vendor %s: %w", dv.Name, err)
		}
		l.vendors[dv.Name] = v.ID
		l.counts.Vendors++
	}
	return nil
}

func (l *demoLoader) loadBudget(ctx context.Context) error {
	for _, fy := range []int{l.fy - 1, l.fy} {
		for _, b := range demoBudget {
			key := fmt.Sprintf("%s/%d", b.Code, fy)
			found, err := l.st.FindBudgetLine(ctx, b.Code, fy)
			if err == nil {
				l.budget[key] = found.ID
				continue
			}
			if !errors.Is(err, models.ErrNotFound) {
				return err
			}
			// Last year's allocation was a little lower.
			alloc := b.Amount
			if fy < l.fy {
				alloc = alloc * 92 / 100
			}
			line := &models.BudgetLine{Code: b.Code, Name: b.Name, FiscalYear: fy, Category: b.Category,
				CostCentre: b.CostCentre, Owner: b.Owner, Allocated: l.pounds(alloc, b.Currency)}
			if err := l.st.CreateBudgetLine(ctx, line); err != nil {
				return fmt.Errorf("budget line %s: %w", key, err)
			}
			l.budget[key] = line.ID
			l.counts.BudgetLines++
		}
	}
	return nil
}

// budgetLine returns the id of the line code for the fiscal year of day, when the demo has one.
func (l *demoLoader) budgetLine(code string, day models.Date) *int64 {
	id, ok := l.budget[fmt.Sprintf("%s/%d", code, models.FiscalYearOf(day, l.fyStart))]
	if !ok {
		return nil
	}
	return &id
}

// loadPeople makes the staff the devices and seats are assigned to, each in a department.
func (l *demoLoader) loadPeople(context.Context) error {
	seen := map[string]bool{}
	for len(l.people) < 240 {
		name := pick(l.rng, demoFirstNames) + " " + pick(l.rng, demoLastNames)
		if !seen[name] {
			seen[name] = true
			l.people = append(l.people, name)
		}
	}
	return nil
}

// department is a person's department, fixed per person.
func (l *demoLoader) department(person int) string {
	return demoDepartments[person%len(demoDepartments)]
}

func (l *demoLoader) loadDevices(ctx context.Context) ([]*models.Device, error) {
	var out []*models.Device
	n := 0
	person := 0
	for _, cat := range demoCategories {
		for i := 0; i < cat.Count; i++ {
			n++
			d, err := l.device(cat, n, i, &person)
			if err != nil {
				return nil, err
			}
			if err := l.st.CreateDevice(ctx, d); err != nil {
				return nil, fmt.Errorf("device %s: %w", models.Str(d.AssetTag), err)
			}
			out = append(out, d)
			l.counts.Devices++
		}
	}
	return out, nil
}

// device builds the nth device of the demo, the ith of its category.
func (l *demoLoader) device(cat demoCategory, n, i int, person *int) (*models.Device, error) {
	r := l.rng
	maker := pick(r, cat.makers())
	model := pick(r, cat.Models[maker])
	// Purchase dates spread over seven years; a fifth fall in the last twelve months so this
	// fiscal year's budget shows spend.
	daysAgo := l.between(365, 7*365)
	if r.IntN(5) == 0 {
		daysAgo = l.between(14, 364)
	}
	bought := l.today.AddDays(-int(daysAgo))
	age := float64(daysAgo) / 365

	status := models.StatusDeployed
	switch x := r.IntN(100); {
	case daysAgo < 30 && x < 40:
		status = models.StatusOrdered
	case age > 5.5 && x < 45:
		status = pick(r, []string{models.StatusRetired, models.StatusRetired, models.StatusDisposed})
	case x < 8:
		status = models.StatusInStock
	case x < 11:
		status = models.StatusInRepair
	case x < 12 && cat.Personal:
		status = models.StatusLost
	}

	supplier := pick(r, []string{"Softcat", "Softcat", "CDW", "Insight", "Computacenter"})
	currency := "GBP"
	if supplier == "CDW" && r.IntN(3) == 0 {
		currency = "USD"
	}
	cost := l.between(cat.MinPounds, cat.MaxPounds)
	cost -= cost % 5
	cost = cost*100 + pick(r, []int64{0, 0, 99, 50})

	tag := fmt.Sprintf("IT-%06d", l.batch+n)
	serial := fmt.Sprintf("%s%06d%c%c", strings.ToUpper(maker[:2]), l.batch+n, 'A'+rune(r.IntN(26)), 'A'+rune(r.IntN(26)))
	d := &models.Device{
		AssetTag: &tag, SerialNumber: &serial, Category: cat.Category, Model: model, Status: status,
		ManufacturerID: ptr(l.vendors[maker]), SupplierID: ptr(l.vendors[supplier]),
		PurchaseDate: bought, PurchaseCost: models.Money{Amount: cost, Currency: currency},
		OrderNumber:   fmt.Sprintf("PO-%d-%04d", bought.Year, 1000+n%9000),
		InvoiceNumber: fmt.Sprintf("INV-%s-%05d", strings.ToUpper(supplier[:3]), 20000+n),
	}
	code := "IT-HW-01"
	if cat.Category == models.CategoryServer || cat.Category == models.CategoryNetwork {
		code = "IT-HW-02"
	}
	if currency == "GBP" {
		// Dollar purchases were never budgeted: the budget report shows them as spend with no line.
		d.BudgetLineID = l.budgetLine(code, bought)
	}
	if cat.HostPrefix != "" {
		d.Hostname = strings.ToLower(fmt.Sprintf("%s-%04d", cat.HostPrefix, l.batch+i+1))
	}
	if cat.Personal {
		p := *person % len(l.people)
		*person++
		d.Department = l.department(p)
		d.Location = demoOffices[p%len(demoOffices)]
		if status == models.StatusDeployed || status == models.StatusInRepair || status == models.StatusLost {
			d.AssignedTo = l.people[p]
		}
		d.CostCentre = demoCostCentres[d.Department]
	} else {
		d.Department = "IT"
		d.CostCentre = "CC-IT-110"
		d.Location = pick(r, demoDataCentres)
		if cat.Category == models.CategoryPrinter || cat.Category == models.CategoryAV {
			d.Location = pick(r, demoOffices[:3])
			d.Department = "Operations"
			d.CostCentre = "CC-OPS"
		}
	}
	// Infrastructure has a manufacturer end-of-support date; some of it falls within a year.
	if cat.Category == models.CategoryServer || cat.Category == models.CategoryNetwork {
		d.EOLDate = bought.AddMonths(int(l.between(54, 96)))
	}
	if cat.Category == models.CategoryLaptop && i%10 == 0 {
		d.LifetimeMonths = ptr(36) // power users get a shorter refresh
	}
	return d, nil
}

func ptr[T any](v T) *T { return &v }

// loadWarranties gives most devices a three-year manufacturer warranty from purchase, some
// laptops a two-year extension, and the infrastructure one support contract with Computacenter
// that ends in about 60 days.
func (l *demoLoader) loadWarranties(ctx context.Context, devices []*models.Device) error {
	var infra []int64
	for i, d := range devices {
		if d.Category == models.CategoryServer || d.Category == models.CategoryNetwork {
			if models.InService(d.Status) {
				infra = append(infra, d.ID)
			}
		}
		if i%8 == 7 || d.Status == models.StatusOrdered {
			continue // no manufacturer warranty recorded
		}
		level := "Return to base"
		switch d.Category {
		case models.CategoryLaptop, models.CategoryDesktop:
			level = "NBD on-site"
		case models.CategoryServer, models.CategoryNetwork:
			level = "NBD parts"
		}
		w := &models.Warranty{
			ProviderID: d.ManufacturerID, Kind: "manufacturer", Reference: ptr("WTY-" + models.Str(d.SerialNumber)),
			ServiceLevel: level, StartDate: d.PurchaseDate, EndDate: d.PurchaseDate.AddMonths(36).AddDays(-1),
			DeviceIDs: []int64{d.ID},
		}
		if err := l.create(ctx, w); err != nil {
			return err
		}
		if d.Category == models.CategoryLaptop && i%6 == 0 {
			start := d.PurchaseDate.AddMonths(36)
			ext := &models.Warranty{
				ProviderID: d.ManufacturerID, Kind: "extended", Reference: ptr("EXT-" + models.Str(d.SerialNumber)),
				ServiceLevel: "NBD on-site", StartDate: start, EndDate: start.AddMonths(24).AddDays(-1),
				Cost: models.Money{Amount: 14900, Currency: "GBP"}, BudgetLineID: l.budgetLine("IT-SUP-01", d.PurchaseDate),
				DeviceIDs: []int64{d.ID},
			}
			if err := l.create(ctx, ext); err != nil {
				return err
			}
		}
	}
	end := l.today.AddDays(60)
	start := end.AddMonths(-12).AddDays(1)
	contract := &models.Warranty{
		ProviderID: ptr(l.vendors["Computacenter"]), Kind: "support", Reference: ptr("CC-MSA-2291-INFRA" + l.suffix()),
		ServiceLevel: "4h on-site, 24x7", StartDate: start, EndDate: end, NoticeDays: 30,
		Cost: l.pounds(18_500, "GBP"), BudgetLineID: l.budgetLine("IT-SUP-01", start), DeviceIDs: infra,
	}
	contract.Notes = "Hardware support for the data-centre servers and network. Give notice 30 days before the end date or it rolls for a year."
	return l.create(ctx, contract)
}

func (l *demoLoader) create(ctx context.Context, w *models.Warranty) error {
	if err := l.st.CreateWarranty(ctx, w); err != nil {
		return fmt.Errorf("warranty %s: %w", models.Str(w.Reference), err)
	}
	l.counts.Warranties++
	return nil
}

// loadLicences creates the licences and assigns their seats: to people, or to devices of the
// kind the licence is for.
func (l *demoLoader) loadLicences(ctx context.Context, devices []*models.Device) error {
	for _, dl := range demoLicences {
		lic := &models.Licence{
			Product: dl.Product, PublisherID: ptr(l.vendors[dl.Publisher]), SupplierID: ptr(l.vendors[dl.Supplier]),
			Reference: ptr(dl.Reference + l.suffix()), Type: dl.Type, Metric: dl.Metric, BillingPeriod: dl.Billing,
			NoticeDays: dl.NoticeDays, AutoRenew: dl.AutoRenew, Cost: l.pounds(dl.Pounds, dl.Currency),
		}
		if dl.Seats > 0 {
			lic.Seats = ptr(dl.Seats)
		}
		line := "IT-SW-02"
		if dl.Type == "subscription" {
			lic.EndDate = l.today.AddDays(dl.EndInDays)
			lic.StartDate = lic.EndDate.AddMonths(-12).AddDays(1)
			line = "IT-SW-01"
		} else {
			lic.StartDate = l.today.AddDays(-dl.StartDaysAgo)
		}
		if dl.Currency == "USD" {
			line = "IT-SW-US"
		}
		lic.BudgetLineID = l.budgetLine(line, lic.StartDate)
		lic.OrderNumber = fmt.Sprintf("PO-%d-%04d", lic.StartDate.Year, 8000+l.counts.Licences)
		if dl.Product == "Microsoft 365 E3" {
			lic.Key = "demo-tenant-" + strings.Repeat("x", 8) // stands in for a real key; masked for viewers
		}
		if err := l.st.CreateLicence(ctx, lic); err != nil {
			return fmt.Errorf("licence %s: %w", dl.Product, err)
		}
		l.counts.Licences++
		if err := l.assignSeats(ctx, lic, dl, devices); err != nil {
			return err
		}
	}
	return nil
}

func (l *demoLoader) assignSeats(ctx context.Context, lic *models.Licence, dl demoLicence, devices []*models.Device) error {
	var targets []*models.Device
	if dl.ToDevices {
		for _, d := range devices {
			if !models.InService(d.Status) {
				continue
			}
			switch {
			case dl.Publisher == "Jamf" && d.ManufacturerID != nil && *d.ManufacturerID == l.vendors["Apple"],
				dl.Publisher == "Cisco" && d.Category == models.CategoryNetwork,
				dl.Publisher == "Zoom" && d.Category == models.CategoryAV,
				dl.Publisher == "Microsoft" && (d.Category == models.CategoryLaptop || d.Category == models.CategoryDesktop || d.Category == models.CategoryServer):
				targets = append(targets, d)
			}
		}
	}
	start := lic.StartDate
	for i := 0; i < dl.Assigned; i++ {
		seat := &models.LicenceSeat{LicenceID: lic.ID, AssignedOn: start.AddDays(l.rng.IntN(60))}
		if dl.ToDevices {
			if i >= len(targets) {
				break
			}
			seat.DeviceID = &targets[i].ID
		} else {
			seat.Assignee = l.people[(i*7+len(dl.Product))%len(l.people)]
		}
		if seat.AssignedOn.After(l.today) {
			seat.AssignedOn = l.today
		}
		if err := l.st.CreateSeat(ctx, seat); err != nil {
			return fmt.Errorf("seat %d of %s: %w", i+1, dl.Product, err)
		}
		l.counts.Seats++
	}
	return nil
}
