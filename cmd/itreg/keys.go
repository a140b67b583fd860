package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"itreg/models"
)

const keysUsage = `usage:
  itreg keys new      print a new random secret key (a line for ITREG_SECRET_KEY_FILE)
  itreg keys rotate [--database URL]   re-encrypt every licence key under the current key

To rotate: put the new key on the first line of the key file and keep the old one below it;
restart or reload the servers; run itreg keys rotate; then remove the old line.`

// Keyring returns the licence-key sealing keys configured: ITREG_SECRET_KEY, else the lines
// of ITREG_SECRET_KEY_FILE; nil when neither is set.
func (c Config) Keyring() (*models.Keyring, error) {
	switch {
	case c.SecretKey != "":
		return models.ParseKeyring(c.SecretKey)
	case c.SecretKeyFile != "":
		b, err := os.ReadFile(c.SecretKeyFile)
		if err != nil {
			return nil, fmt.Errorf("ITREG_SECRET_KEY_FILE: %w", err)
		}
		k, err := models.ParseKeyring(string(b))
		if err != nil {
			return nil, fmt.Errorf("ITREG_SECRET_KEY_FILE %s: %w", c.SecretKeyFile, err)
		}
		return k, nil
	}
	return nil, nil
}

// keys prints a new key or rotates the stored licence keys to the current one.
func keys(ctx context.Context, env *Env, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(env.Stderr, keysUsage)
		return exitUsage
	}
	fs := env.FlagSet("keys " + args[0])
	if ok, code := parseFlags(fs, args[1:]); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "itreg keys %s: unexpected arguments %q\n%s\n", args[0], fs.Args(), keysUsage)
		return exitUsage
	}
	switch args[0] {
	case "new":
		fmt.Fprintln(env.Stdout, models.NewSecretKey())
		return exitOK
	case "rotate":
		return env.withStore(ctx, "keys rotate", func(st *models.Store) int {
			n, err := st.RotateSecrets(ctx)
			if err != nil {
				return env.fail("keys rotate", err)
			}
			fmt.Fprintf(env.Stdout, "re-encrypted %d licence keys\n", n)
			return exitOK
		})
	case "-h", "--help", "help":
		fmt.Fprintln(env.Stdout, keysUsage)
		return exitOK
	}
	fmt.Fprintf(env.Stderr, "itreg keys: unknown subcommand %q\n%s\n", args[0], keysUsage)
	return exitUsage
}

// checkSecrets stops serve when licence keys are sealed with a key it does not hold, and
// seals any stored in clear when a key is configured.
func checkSecrets(ctx context.Context, env *Env, st *models.Store) error {
	if err := st.CheckSecrets(ctx); err != nil {
		return err
	}
	k, err := env.Config.Keyring()
	if err != nil {
		return err
	}
	if k == nil {
		env.Log.Warn("no secret key configured: licence keys are stored in clear; set ITREG_SECRET_KEY or ITREG_SECRET_KEY_FILE")
		return nil
	}
	n, err := st.RotateSecrets(ctx)
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	if n > 0 {
		env.Log.Info("licence keys encrypted under the current secret key", "count", n, "key_id", k.CurrentID())
	}
	return nil
}
