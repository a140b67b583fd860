package api

// The list filters on what itreg computes (in service, end of life, cover, notice deadlines,
// over-assignment): the query parameters the home tiles' links carry. models parses them
// (models.ParseDeviceFilter and its siblings), for the API and the web pages alike.

// deviceStateQuery, renewalWindowQuery name the parameters for the OpenAPI document.
var (
	deviceStateQuery   = []string{"in_service", "eol_from", "eol_before", "uncovered_on"}
	renewalWindowQuery = []string{"notice_from", "notice_before", "ends_from"}
)
