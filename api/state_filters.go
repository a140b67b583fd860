package api

import (
	"github.com/gin-gonic/gin"

	"itreg/models"
)

// The list filters on what itreg computes (in service, end of life, cover, notice deadlines,
// over-assignment): the query parameters the home tiles' links carry.

// deviceStateQuery, renewalWindowQuery name the parameters for the OpenAPI document.
var (
	deviceStateQuery   = []string{"in_service", "eol_from", "eol_before", "uncovered_on"}
	renewalWindowQuery = []string{"notice_from", "notice_before", "ends_from"}
)

// deviceStateOf reads in_service, eol_from, eol_before and uncovered_on.
func deviceStateOf(c *gin.Context) (models.DeviceStateFilter, error) {
	var f models.DeviceStateFilter
	var err error
	if f.InService, err = queryBool(c, "in_service"); err != nil {
		return f, err
	}
	for name, dst := range map[string]*models.Date{"eol_from": &f.EOLFrom, "eol_before": &f.EOLBefore, "uncovered_on": &f.UncoveredOn} {
		if *dst, err = queryDate(c, name); err != nil {
			return f, err
		}
	}
	return f, nil
}

// renewalWindowOf reads notice_from, notice_before and ends_from.
func renewalWindowOf(c *gin.Context) (models.RenewalWindow, error) {
	var w models.RenewalWindow
	var err error
	for name, dst := range map[string]*models.Date{"notice_from": &w.NoticeFrom, "notice_before": &w.NoticeBefore, "ends_from": &w.EndsFrom} {
		if *dst, err = queryDate(c, name); err != nil {
			return w, err
		}
	}
	return w, nil
}

// queryBool reads an optional true/false parameter; nil when absent.
func queryBool(c *gin.Context, name string) (*bool, error) {
	switch c.Query(name) {
	case "":
		return nil, nil
	case "true":
		t := true
		return &t, nil
	case "false":
		f := false
		return &f, nil
	}
	return nil, &models.ParamError{Param: name, Message: "must be true or false"}
}

// queryFlag reads an optional true/false parameter as a bool (absent = false).
func queryFlag(c *gin.Context, name string) (bool, error) {
	b, err := queryBool(c, name)
	return b != nil && *b, err
}
