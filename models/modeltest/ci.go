package modeltest

import "os"

func ciRequiresPostgres() bool { return os.Getenv("CI") == "true" }
