package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"itreg/importers"
	"itreg/importers/fields"
)

// export writes the register (or some kinds of it) to FILE.xlsx.
func export(ctx context.Context, env *Env, args []string) int {
	fs := env.FlagSet("export")
	kinds := fs.String("kind", "", "only these kinds, comma-separated: "+strings.Join(fields.Kinds, ", "))
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: itreg export [--kind K[,K...]] FILE.xlsx")
		fs.PrintDefaults()
	}
	path, ok, code := xlsxArg(env, fs, "export", args)
	if !ok {
		return code
	}
	opt := importers.ExportOptions{}
	for k := range strings.SplitSeq(*kinds, ",") {
		if k = strings.TrimSpace(k); k == "" {
			continue
		}
		if !slices.Contains(fields.Kinds, k) {
			fmt.Fprintf(env.Stderr, "itreg export: unknown kind %q; use %s\n", k, strings.Join(fields.Kinds, ", "))
			return exitUsage
		}
		opt.Kinds = append(opt.Kinds, k)
	}
	st, err := env.OpenMigrated(ctx)
	if err != nil {
		return env.fail("export", err)
	}
	defer st.Close()
	if err := writeFileAtomic(path, true, func(w io.Writer) error { return importers.Export(ctx, st, w, opt) }); err != nil {
		return env.fail("export", err)
	}
	fmt.Fprintf(env.Stdout, "exported the register to %s\n", path)
	return exitOK
}

// template writes the import template to FILE.xlsx; it needs no database.
func template(_ context.Context, env *Env, args []string) int {
	fs := env.FlagSet("template")
	fs.Usage = func() { fmt.Fprintln(fs.Output(), "usage: itreg template FILE.xlsx") }
	path, ok, code := xlsxArg(env, fs, "template", args)
	if !ok {
		return code
	}
	if err := writeFileAtomic(path, false, importers.WriteTemplate); err != nil {
		return env.fail("template", err)
	}
	fmt.Fprintf(env.Stdout, "wrote the import template to %s\n", path)
	return exitOK
}

// xlsxArg reads the one FILE.xlsx argument (see oneFileArg) and checks its extension.
func xlsxArg(env *Env, fs *flag.FlagSet, cmd string, args []string) (string, bool, int) {
	path, ok, code := oneFileArg(env, fs, cmd, args)
	if !ok {
		return "", false, code
	}
	if !strings.EqualFold(filepath.Ext(path), ".xlsx") {
		fmt.Fprintf(env.Stderr, "itreg %s: %s: the file must end in .xlsx\n", cmd, path)
		return "", false, exitUsage
	}
	return path, true, exitOK
}

// writeFileAtomic writes through write into a temporary file next to path and renames it into
// place, so a failure never leaves a half-written file behind. The file is created 0600 when
// secret (it holds licence keys), else 0666; either way the umask applies, so a 077 umask is
// never overridden.
func writeFileAtomic(path string, secret bool, write func(io.Writer) error) error {
	perm := os.FileMode(0o666)
	if secret {
		perm = 0o600
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+"."+hex.EncodeToString(b))
	tmp, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
