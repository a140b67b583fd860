package main

import (
	"context"

	"itreg/api"
	"itreg/importers"
	"itreg/models"
)

// serve runs the import worker beside the HTTP server, so uploads past ITREG_IMPORT_JOB_KB
// import as jobs that any replica may claim.
func init() {
	serverOptions = append(serverOptions, func(env *Env, srv *api.Server) {
		srv.ImportJobBytes = int64(env.Config.ImportJobKB) << 10
	})
	backgroundTasks = append(backgroundTasks, func(ctx context.Context, env *Env, st *models.Store) <-chan struct{} {
		return importers.StartWorker(ctx, st, importers.WorkerOptions{Log: env.Log})
	})
}
