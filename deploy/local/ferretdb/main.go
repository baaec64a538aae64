// Command cas-ferretdb runs FerretDB v1 (SQLite backend) embedded in a tiny binary.
//
// Why a wrapper: `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2` builds, but the binary
// panics at start because the module zip lacks build/version/version.txt. FerretDB's embeddable package
// skips that check when the main module is not FerretDB itself, so we embed it (see docs/adr/0002).
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	_ "net/http/pprof" // served only when -pprof-addr is set
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen-addr", "127.0.0.1:27017", "TCP listen address")
	dir := flag.String("data-dir", ".data/ferretdb", "directory holding the SQLite databases")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	// WAL with synchronous=NORMAL survives a crash of any process (what the fault tests do) and only risks
	// the last transactions on power loss; production runs MongoDB. FULL fsyncs every commit.
	synchronous := flag.String("synchronous", "normal", "SQLite synchronous pragma: normal or full")
	pprofAddr := flag.String("pprof-addr", "", "serve Go's pprof on this address (profiling only; off when empty)")
	// Go's collector at its default (GOGC=100) took a quarter of FerretDB's CPU under the scan workload: every
	// document passes through short-lived Go copies (BSON, JSON, SQL arguments) while the live heap stays small.
	// 400 measured 25 % less CPU for 16 MB more memory (docs/adr/0002). GOGC in the environment wins.
	gcPercent := flag.Int("gc-percent", 400, "Go GC target (GOGC) when the GOGC variable is not set")
	flag.Parse()
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(*gcPercent)
	}

	if *synchronous != "normal" && *synchronous != "full" {
		fmt.Fprintln(os.Stderr, "bad -synchronous: use normal or full")
		os.Exit(2)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintln(os.Stderr, "bad -log-level:", err)
		os.Exit(2)
	}
	if *pprofAddr != "" {
		go func() { fmt.Fprintln(os.Stderr, "pprof:", http.ListenAndServe(*pprofAddr, nil)) }()
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	if err := os.MkdirAll(*dir, 0o700); err != nil {
		fmt.Fprintln(os.Stderr, "cannot create data dir:", err)
		os.Exit(1)
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + *dir + "/?_pragma=synchronous(" + *synchronous + ")",
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb:", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	fmt.Fprintf(os.Stderr, "cas-ferretdb listening on %s, data in %s\n", *listen, *dir)
	if err := f.Run(ctx); err != nil && ctx.Err() == nil {
		fmt.Fprintln(os.Stderr, "ferretdb stopped:", err)
		os.Exit(1)
	}
}
