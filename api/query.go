package api

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"itreg/models"
)

// maxQueryValue bounds one query parameter; filters and cursors are far shorter.
const maxQueryValue = 1000

// checkQuery answers 400 for a query parameter that is not valid UTF-8, holds control
// characters (a NUL reaches Postgres as an encoding error) or is absurdly long, before any
// handler sees it: every text filter, search and cursor is then safe to pass to the store.
func checkQuery() gin.HandlerFunc {
	return func(c *gin.Context) {
		for name, values := range c.Request.URL.Query() {
			for _, v := range values {
				if msg := badQueryValue(v); msg != "" {
					writeError(c, &models.ParamError{Param: safeParamName(name), Message: msg})
					return
				}
			}
		}
		c.Next()
	}
}

func badQueryValue(v string) string {
	switch {
	case !utf8.ValidString(v):
		return "is not valid UTF-8"
	case strings.IndexFunc(v, unicode.IsControl) >= 0:
		return "contains control characters"
	case len(v) > maxQueryValue:
		return "is too long"
	}
	return ""
}

// safeParamName keeps a hostile parameter name from being echoed back as is.
func safeParamName(name string) string {
	if badQueryValue(name) != "" || len(name) > 64 {
		return "(parameter)"
	}
	return name
}
