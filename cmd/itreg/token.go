package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"itreg/models"
)

func init() {
	register("token", Command{Summary: "create, list or revoke API tokens (token create|list|revoke)", Run: token})
}

const tokenUsage = `usage:
  itreg token create --name NAME --role admin|editor|viewer|feed [--user EMAIL]
  itreg token list
  itreg token revoke ID`

// token manages API tokens.
func token(ctx context.Context, env *Env, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(env.Stderr, tokenUsage)
		return exitUsage
	}
	switch args[0] {
	case "create":
		return tokenCreate(ctx, env, args[1:])
	case "list":
		return tokenList(ctx, env, args[1:])
	case "revoke":
		return tokenRevoke(ctx, env, args[1:])
	case "-h", "--help", "help":
		fmt.Fprintln(env.Stdout, tokenUsage)
		return exitOK
	}
	fmt.Fprintf(env.Stderr, "itreg token: unknown subcommand %q\n%s\n", args[0], tokenUsage)
	return exitUsage
}

func tokenCreate(ctx context.Context, env *Env, args []string) int {
	fs := env.FlagSet("token create")
	name := fs.String("name", "", "who or what the token is for")
	role := fs.String("role", "", "admin, editor, viewer or feed")
	user := fs.String("user", "", "e-mail address of the user the token belongs to (its role may be at most theirs)")
	if ok, code := parseFlags(fs, args); !ok {
		return code
	}
	if strings.TrimSpace(*name) == "" || !models.ValidRole(*role) || fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "itreg token create: --name and --role (%s) are required\n", strings.Join(models.Roles, ", "))
		return exitUsage
	}
	return env.withStore(ctx, "token create", func(st *models.Store) int {
		var owner *int64
		if *user != "" {
			u, err := st.FindUserByEmail(ctx, *user)
			if err != nil {
				return env.fail("token create", fmt.Errorf("user %s: %w", *user, err))
			}
			owner = &u.ID
		}
		secret, t, err := st.CreateUserToken(ctx, strings.TrimSpace(*name), *role, owner)
		if err != nil {
			return env.fail("token create", err)
		}
		fmt.Fprintln(env.Stdout, secret)
		fmt.Fprintf(env.Stderr, "Token %d (%s, role %s) created. It is shown once: store it now; send it as \"Authorization: Bearer <token>\".\n",
			t.ID, t.Name, t.Role)
		return exitOK
	})
}

func tokenList(ctx context.Context, env *Env, args []string) int {
	fs := env.FlagSet("token list")
	if ok, code := parseFlags(fs, args); !ok {
		return code
	}
	return env.withStore(ctx, "token list", func(st *models.Store) int {
		tokens, err := st.ListTokens(ctx)
		if err != nil {
			return env.fail("token list", err)
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tROLE\tOWNER\tPREFIX\tCREATED\tLAST USED\tREVOKED")
		for _, t := range tokens {
			owner := t.OwnerEmail
			if t.OwnerID == nil {
				owner = "(none)"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s…\t%s\t%s\t%s\n", t.ID, t.Name, t.Role, owner, t.Prefix,
				t.CreatedAt.UTC().Format(time.RFC3339), stamp(t.LastUsedAt), stamp(t.RevokedAt))
		}
		return flushed(env, tw.Flush())
	})
}

func tokenRevoke(ctx context.Context, env *Env, args []string) int {
	fs := env.FlagSet("token revoke")
	if ok, code := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(env.Stderr, "itreg token revoke: give one token ID (see itreg token list)")
		return exitUsage
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if err != nil || id < 1 {
		fmt.Fprintf(env.Stderr, "itreg token revoke: %q is not a token ID\n", fs.Arg(0))
		return exitUsage
	}
	return env.withStore(ctx, "token revoke", func(st *models.Store) int {
		if err := st.RevokeToken(ctx, id); err != nil {
			return env.fail("token revoke", err)
		}
		fmt.Fprintf(env.Stdout, "token %d revoked\n", id)
		return exitOK
	})
}

// stamp formats an optional time for a table, "-" when unset.
func stamp(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

// flushed turns a write error at the end of a command into its exit code.
func flushed(env *Env, err error) int {
	if err != nil {
		return env.fail("output", err)
	}
	return exitOK
}
