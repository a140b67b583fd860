package api

import (
	"time"

	"itreg/models"
)

// ImportInterrupted is the status the API shows for a run that another process found
// interrupted (its own process stopped beating: a crash, a kill -9); the store keeps it failed.
const ImportInterrupted = "interrupted"

// interruptedStatus returns the status to show for run and, for an interrupted run, its last
// sign of life.
func interruptedStatus(run *models.ImportRun) (string, *time.Time) {
	if run.Status == models.ImportFailed && run.InterruptedAt != nil {
		return ImportInterrupted, run.InterruptedAt
	}
	return run.Status, nil
}
