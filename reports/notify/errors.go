package notify

import (
	"errors"

	"itreg/models"
)

func isNotFound(err error) bool { return errors.Is(err, models.ErrNotFound) }
