package main

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"itreg/models"
)

const categoryUsage = `usage:
  itreg category list
  itreg category create --name NAME [--class CLASS] [--lifetime MONTHS]`

// category lists or adds device categories.
func category(ctx context.Context, env *Env, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(env.Stderr, categoryUsage)
		return exitUsage
	}
	switch args[0] {
	case "list":
		return categoryList(ctx, env, args[1:])
	case "create":
		return categoryCreate(ctx, env, args[1:])
	case "-h", "--help", "help":
		fmt.Fprintln(env.Stdout, categoryUsage)
		return exitOK
	}
	fmt.Fprintf(env.Stderr, "itreg category: unknown subcommand %q\n%s\n", args[0], categoryUsage)
	return exitUsage
}

func categoryList(ctx context.Context, env *Env, args []string) int {
	fs := env.FlagSet("category list")
	if ok, code := parseFlags(fs, args); !ok {
		return code
	}
	return env.withStore(ctx, "category list", func(st *models.Store) int {
		uses, err := st.ListCategories(ctx)
		if err != nil {
			return env.fail("category list", err)
		}
		tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tCLASS\tLIFETIME\tDEVICES")
		for _, u := range uses {
			life := fmt.Sprint(u.Lifetime)
			if u.Lifetime != u.LifetimeMonths {
				life += " (configured; the category says " + fmt.Sprint(u.LifetimeMonths) + ")"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\n", u.ID, u.Name, u.Class, life, u.Devices)
		}
		return flushed(env, tw.Flush())
	})
}

func categoryCreate(ctx context.Context, env *Env, args []string) int {
	fs := env.FlagSet("category create")
	name := fs.String("name", "", "the category's name, as devices show it")
	class := fs.String("class", models.CategoryOther, "the built-in category it counts as in reports: "+strings.Join(models.DeviceCategories, ", "))
	lifetime := fs.Int("lifetime", 0, "months a device of it serves when the device sets none (default: its class's)")
	if ok, code := parseFlags(fs, args); !ok {
		return code
	}
	if strings.TrimSpace(*name) == "" || fs.NArg() > 0 {
		fmt.Fprintln(env.Stderr, "itreg category create: --name is required")
		return exitUsage
	}
	return env.withStore(ctx, "category create", func(st *models.Store) int {
		c := &models.Category{Name: strings.TrimSpace(*name), Class: *class, LifetimeMonths: *lifetime}
		if c.LifetimeMonths == 0 {
			c.LifetimeMonths = cmp.Or(st.LifetimeDefaults()[*class], models.DefaultLifetimeMonths[*class])
		}
		if err := st.CreateCategory(models.WithActor(ctx, cliActor()), c); err != nil {
			return env.fail("category create", err)
		}
		fmt.Fprintf(env.Stdout, "category %d %q created (class %s, lifetime %d months)\n", c.ID, c.Name, c.Class, c.LifetimeMonths)
		return exitOK
	})
}
