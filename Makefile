# itreg: the IT asset, licence and warranty register.
# Go is the only prerequisite for `make run`; SQLite is pure Go, so everything builds with CGO_ENABLED=0.

GO      ?= go
BIN     := bin/itreg
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)

export CGO_ENABLED = 0

.PHONY: run build test bench fmt lint help

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-6s %s\n", $$1, $$2}'

build: ## build bin/itreg (pure Go, no cgo)
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/itreg

# The key that encrypts licence keys at rest: make run creates itreg.key (mode 0600) on its
# first run and uses it unless ITREG_SECRET_KEY or ITREG_SECRET_KEY_FILE is set already.
KEYFILE ?= itreg.key
run: export ITREG_SECRET_KEY_FILE ?= $(if $(ITREG_SECRET_KEY),,$(KEYFILE))

run: build ## migrate, load the demo register once, invite the first admin, print a fresh admin token and serve on SQLite (itreg.db)
	@if [ -z "$$ITREG_SECRET_KEY" ] && [ ! -e "$(KEYFILE)" ]; then \
		(umask 077 && ./$(BIN) keys new > "$(KEYFILE)") && echo "created the secret key file $(KEYFILE); keep it with backups of itreg.db"; fi
	./$(BIN) migrate
	./$(BIN) demo
	@echo "First admin (admin@localhost): open this link once to set a password, then sign in at $${ITREG_PUBLIC_URL:-http://localhost:8080}/"
	@./$(BIN) user create --email admin@localhost --name Admin --role admin --if-no-users
	@echo "Admin token for this run (send as: Authorization: Bearer <token>):"
	@./$(BIN) token create --name make-run --role admin --user admin@localhost
	./$(BIN) serve

# ITREG_TEST_POSTGRES_URL (Postgres as well as SQLite) and ITREG_FIXTURES (real-world
# spreadsheets) are taken from the environment when set.
test: ## go vet and every test, on SQLite and on Postgres when ITREG_TEST_POSTGRES_URL is set
	$(GO) vet ./...
	$(GO) test -count=1 ./...

# The Postgres benchmarks (1,000,000 devices) run only when ITREG_TEST_POSTGRES_URL is set.
bench: ## benchmarks; ITREG_TEST_POSTGRES_URL enables the Postgres ones
	$(GO) test -run '^$$' -bench . -benchmem ./...

fmt: ## gofmt every file
	gofmt -w $$(git ls-files '*.go')

lint: ## gofmt -l, go vet and staticcheck
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...
