package models

import "time"

// The statuses an import run moves through.
const (
	ImportQueued    = "queued"
	ImportRunning   = "running"
	ImportSucceeded = "succeeded"
	ImportInvalid   = "invalid"
	ImportFailed    = "failed"
)

// MaxStoredImportErrors caps the row errors stored with a run; the rest are only counted.
const MaxStoredImportErrors = 10_000

// ImportRun records one spreadsheet import: the file, the options, the status and the outcome.
// Options, Errors and Result are JSON text written by package importers, which owns their shape.
type ImportRun struct {
	ID            int64      `gorm:"primaryKey" json:"id"`
	CreatedAt     time.Time  `gorm:"not null" json:"created_at"`
	FinishedAt    *time.Time `json:"finished_at"`
	Actor         string     `gorm:"not null;default:''" json:"actor"`
	FileName      string     `gorm:"not null;default:''" json:"file_name"`
	SHA256        string     `gorm:"column:sha256;not null;default:''" json:"sha256"`
	Size          int64      `gorm:"not null;default:0" json:"size"`
	Kind          string     `gorm:"not null;default:''" json:"kind"`
	Options       string     `gorm:"not null;default:''" json:"-"`
	DryRun        bool       `gorm:"not null;default:false" json:"dry_run"`
	SkipInvalid   bool       `gorm:"not null;default:false" json:"skip_invalid"`
	Status        string     `gorm:"not null" json:"status"`
	Rows          int64      `gorm:"column:rows_total;not null;default:0" json:"rows"`
	Created       int64      `gorm:"column:rows_created;not null;default:0" json:"created"`
	Updated       int64      `gorm:"column:rows_updated;not null;default:0" json:"updated"`
	Unchanged     int64      `gorm:"column:rows_unchanged;not null;default:0" json:"unchanged"`
	Failed        int64      `gorm:"column:rows_failed;not null;default:0" json:"failed"`
	Errors        string     `gorm:"not null;default:''" json:"-"`
	ErrorsOmitted int64      `gorm:"not null;default:0" json:"errors_omitted"`
	Result        string     `gorm:"not null;default:''" json:"-"`
	Message       string     `gorm:"not null;default:''" json:"message"`
	File          []byte     `gorm:"column:file_bytes" json:"-"`
	ProgressDone  int64      `gorm:"not null;default:0" json:"progress_done"`
	ProgressTotal int64      `gorm:"not null;default:0" json:"progress_total"`
	ClaimedAt     *time.Time `json:"claimed_at"`
	HeartbeatAt   *time.Time `json:"heartbeat_at"`
	// InterruptedAt is the run's last sign of life when another process found it interrupted.
	InterruptedAt *time.Time `json:"interrupted_at"`
}

// TableName names the table.
func (ImportRun) TableName() string { return "import_runs" }
