package web

import "github.com/gin-gonic/gin"

// registerRecordRoutes adds every kind's record page and forms.
func (a *App) registerRecordRoutes(g *gin.RouterGroup) {
	a.registerDeviceRecordRoutes(g)
	a.registerVendorRecordRoutes(g)
	a.registerBudgetLineRecordRoutes(g)
	a.registerLicenceRecordRoutes(g)
	a.registerWarrantyRecordRoutes(g)
}
