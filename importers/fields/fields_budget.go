package fields

import "itreg/models"

// budgetLineFields are the fields of a budget line row. The US IT Dashboard exports use
// "UII"/"Unique Investment Identifier" as the code, "Investment Title" as the name,
// "Bureau" as the cost centre and "Total FY2021 Spending ($M)" as the allocation; the
// fiscal year is a whole number (2025), see ParseFiscalYear.
var budgetLineFields = []Field{
	{Name: "code", Header: "Code", Type: Text, Required: true, MaxLen: 64, Key: true,
		Synonyms: []string{"Budget Code", "Budget Line", "Budget Line Code", "Line Code", "GL Account",
			"GL Code", "gl_account", "Account Code", "Nominal Code", "Cost Code", "Budget ID",
			"UII", "Unique Investment Identifier", "Investment ID", "Project Code"}},
	{Name: "name", Header: "Name", Type: Text, Required: true, MaxLen: 200, Key: true,
		Synonyms: []string{"Budget Name", "Line Name", "Budget Line Name", "Title", "Investment Title",
			"Project Name", "Label", "Budget Item"}},
	{Name: "fiscal_year", Header: "Fiscal Year", Type: Int,
		Synonyms: []string{"FY", "Financial Year", "Budget Year", "Year", "fiscal_year"}},
	{Name: "category", Header: "Category", Type: Enum, Enum: models.BudgetCategories,
		Synonyms: []string{"CAPEX/OPEX", "Capex Opex", "Opex/Capex", "Spend Type", "Expenditure Type",
			"Budget Type", "Budget Category", "Capital or Operating"}},
	{Name: "cost_centre", Header: "Cost Centre", Type: Text, MaxLen: 64,
		Synonyms: []string{"Cost Center", "cost_center", "CC", "Department", "Dept", "Bureau",
			"Division", "Business Unit"}},
	{Name: "owner", Header: "Owner", Type: Text, MaxLen: 200,
		Synonyms: []string{"Budget Holder", "Budget Owner", "Responsible", "Manager", "Budget Manager",
			"Accountable"}},
	{Name: "allocated", Header: "Allocated", Type: Money, Key: true,
		Synonyms: []string{"Allocation", "Budget", "Amount", "Budget Amount", "Allocated Amount",
			"Approved Budget", "Total Spending", "Total FY Spending", "Planned Cost", "Budgeted",
			"Annual Budget", "Total Budget"}},
	{Name: "currency", Header: "Currency", Type: Currency,
		Synonyms: []string{"Ccy", "Cur", "Currency Code"}},
	{Name: "notes", Header: "Notes", Type: Text, MaxLen: 10000,
		Synonyms: []string{"Note", "Comments", "Comment", "Remarks", "Description",
			"Project Description", "Investment Description"}},
}
