package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"itreg/api/auth"
	"itreg/models"
)

const userUsage = `usage:
  itreg user create --email EMAIL [--name NAME] --role admin|editor|viewer [--landing it|finance|procurement] [--if-no-users]
  itreg user list
  itreg user disable EMAIL|ID
  itreg user enable EMAIL|ID
  itreg user reset EMAIL|ID      (ends their sessions, prints a new set-password link)`

// userCommand manages the people who sign in. A new user gets a one-time link to set their
// password; a password never appears on a command line.
func userCommand() Command {
	return Command{Summary: "invite, list, disable, enable people or reset a password (user create|list|disable|enable|reset)", Run: userRun}
}

func userRun(ctx context.Context, env *Env, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(env.Stderr, userUsage)
		return exitUsage
	}
	switch args[0] {
	case "create":
		return userCreate(ctx, env, args[1:])
	case "list":
		return userList(ctx, env, args[1:])
	case "disable", "enable":
		return userSetDisabled(ctx, env, args[0], args[1:])
	case "reset":
		return userReset(ctx, env, args[1:])
	case "-h", "--help", "help":
		fmt.Fprintln(env.Stdout, userUsage)
		return exitOK
	}
	fmt.Fprintf(env.Stderr, "itreg user: unknown subcommand %q\n%s\n", args[0], userUsage)
	return exitUsage
}

func userCreate(ctx context.Context, env *Env, args []string) int {
	fs := env.FlagSet("user create")
	email := fs.String("email", "", "the person's e-mail address (how they sign in)")
	name := fs.String("name", "", "display name")
	role := fs.String("role", "", "admin, editor or viewer")
	landing := fs.String("landing", "", "the view they land on: it, finance or procurement (default by role)")
	ifNone := fs.Bool("if-no-users", false, "only when the register has no users yet (make run's first admin)")
	if ok, code := parseFlags(fs, args); !ok {
		return code
	}
	if *email == "" || *role == "" || fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "itreg user create: --email and --role (%s) are required\n", strings.Join(models.UserRoles, ", "))
		return exitUsage
	}
	return env.withStore(ctx, "user create", func(st *models.Store) int {
		ctx := models.WithActor(ctx, "cli")
		if *ifNone {
			n, err := st.CountUsers(ctx)
			if err != nil {
				return env.fail("user create", err)
			}
			if n > 0 {
				fmt.Fprintf(env.Stderr, "The register has users already; to sign in as one, run: itreg user reset %s\n", *email)
				return exitOK
			}
		}
		u, secret, err := st.CreateUser(ctx, models.UserInput{Email: *email, Name: *name, Role: *role, Landing: *landing})
		if err != nil {
			return userFail(env, "user create", err)
		}
		fmt.Fprintln(env.Stdout, auth.SetPasswordURL(env.Config.People.PublicURL, secret))
		fmt.Fprintf(env.Stderr, "User %d (%s, role %s) created. Send them the link above to set a password; it works once, for %s.\n",
			u.ID, u.Email, u.Role, models.SetPasswordLinkTTL)
		return exitOK
	})
}

// userFail reports invalid input as a usage error naming the fields, anything else as a failure.
func userFail(env *Env, cmd string, err error) int {
	var fe *models.FieldError
	if errors.As(err, &fe) {
		for f, msg := range fe.Fields {
			fmt.Fprintf(env.Stderr, "itreg %s: --%s %s\n", cmd, f, msg)
		}
		return exitUsage
	}
	return env.fail(cmd, err)
}

func userList(ctx context.Context, env *Env, args []string) int {
	fs := env.FlagSet("user list")
	if ok, code := parseFlags(fs, args); !ok {
		return code
	}
	return env.withStore(ctx, "user list", func(st *models.Store) int {
		users, err := st.ListUsers(ctx)
		if err != nil {
			return env.fail("user list", err)
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tEMAIL\tNAME\tROLE\tLANDING\tDISABLED\tCREATED\tLAST SIGN-IN")
		for _, u := range users {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%t\t%s\t%s\n", u.ID, u.Email, u.Name, u.Role, u.Landing, u.Disabled,
				u.CreatedAt.UTC().Format(time.RFC3339), stamp(u.LastSignInAt))
		}
		return flushed(env, tw.Flush())
	})
}

// oneUser reads the single EMAIL|ID argument of a subcommand.
func oneUser(env *Env, fs *flag.FlagSet, cmd string, args []string) (string, bool) {
	if ok, _ := parseFlags(fs, args); !ok {
		return "", false
	}
	if fs.NArg() != 1 {
		fmt.Fprintf(env.Stderr, "itreg %s: give one user's e-mail address or ID (see itreg user list)\n", cmd)
		return "", false
	}
	return fs.Arg(0), true
}

// findUser finds a user by ID or e-mail address.
func findUser(ctx context.Context, st *models.Store, ref string) (*models.User, error) {
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		return st.GetUser(ctx, id)
	}
	return st.FindUserByEmail(ctx, ref)
}

func userSetDisabled(ctx context.Context, env *Env, verb string, args []string) int {
	cmd := "user " + verb
	ref, ok := oneUser(env, env.FlagSet(cmd), cmd, args)
	if !ok {
		return exitUsage
	}
	return env.withStore(ctx, cmd, func(st *models.Store) int {
		ctx := models.WithActor(ctx, "cli")
		u, err := findUser(ctx, st, ref)
		if err != nil {
			return env.fail(cmd, err)
		}
		if u, err = st.SetUserDisabled(ctx, u.ID, verb == "disable"); err != nil {
			return env.fail(cmd, err)
		}
		fmt.Fprintf(env.Stdout, "user %d (%s) %sd\n", u.ID, u.Email, verb)
		return exitOK
	})
}

func userReset(ctx context.Context, env *Env, args []string) int {
	ref, ok := oneUser(env, env.FlagSet("user reset"), "user reset", args)
	if !ok {
		return exitUsage
	}
	return env.withStore(ctx, "user reset", func(st *models.Store) int {
		ctx := models.WithActor(ctx, "cli")
		u, err := findUser(ctx, st, ref)
		if err != nil {
			return env.fail("user reset", err)
		}
		secret, err := st.ResetPassword(ctx, u.ID)
		if err != nil {
			return env.fail("user reset", err)
		}
		fmt.Fprintln(env.Stdout, auth.SetPasswordURL(env.Config.People.PublicURL, secret))
		fmt.Fprintf(env.Stderr, "The password of %s is cleared and their sessions ended. The link above sets a new one; it works once, for %s.\n",
			u.Email, models.SetPasswordLinkTTL)
		return exitOK
	})
}
