// Package lambdapkg compiles Go main packages into AWS Lambda deployment
// packages for the provided.al2023 runtime on arm64, deterministically: the
// same source, dependencies and Go toolchain give the same zip, byte for
// byte, on every machine and in every checkout directory. Terraform's
// source_code_hash therefore changes only when the code does.
//
// What makes a build reproducible here:
//
//   - go build with GOOS=linux GOARCH=arm64 GOARM64=v8.0 CGO_ENABLED=0,
//     -trimpath (no file system paths in the binary), -buildvcs=false (no
//     commit or dirty flag), -ldflags="-s -w -buildid=" (no symbol tables,
//     no build id), and the lambda.norpc tag that drops the RPC mode the
//     provided runtimes never use. GOFLAGS and GOEXPERIMENT from the caller's
//     environment are cleared so that they cannot change the output.
//   - A zip holding one file, bootstrap, deflated, with a fixed time
//     (1980-01-01 00:00, the zip epoch), mode 0755 and no extra fields.
//
// The Go toolchain version is part of the binary (runtime.Version), so
// machines agree when they use the same toolchain: pin it with the go and
// toolchain lines of go.mod.
//
// A Builder remembers what it built, so that a function deployed by several
// stacks of one app is compiled once per process. Builders hold no global
// state; share one value between the constructs that should share builds.
package lambdapkg

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"
)

// EntryName is the name of the executable the provided runtimes start.
const EntryName = "bootstrap"

// zipEpoch is the earliest time a zip header can hold. Every entry gets it,
// so that build times never reach the archive.
var zipEpoch = time.Date(1980, time.January, 1, 0, 0, 0, 0, time.UTC)

// Artifact is a built deployment package.
type Artifact struct {
	// Package is the Go package that was built, as given to Build.
	Package string
	// Path is the absolute path of the zip file.
	Path string
	// SHA256 is the base64-encoded SHA-256 of the zip, which is what
	// Terraform's filebase64sha256 returns and Lambda's source_code_hash
	// compares.
	SHA256 string
	// Hex is the same digest in lowercase hex, for file and asset names.
	Hex string
	// Size is the zip's size in bytes.
	Size int64
	// Took is how long the build and packaging took (zero when the
	// Builder returned an earlier result).
	Took time.Duration
}

// Builder compiles main packages into deployment packages and remembers the
// results. The zero value is ready to use; a Builder must not be copied
// after first use.
type Builder struct {
	// Dir is the directory go build runs in, which decides the module that
	// package paths resolve in. Empty means the process's working
	// directory when it is in a Go module, and otherwise the source of the
	// module that holds the package: the source tree the program was
	// compiled from, a local replacement, or the module cache (the
	// program's build information names the version), so that a command
	// installed with go install works from any directory.
	Dir string
	// OutDir receives the zips. Empty means <user cache dir>/landing-zone/lambda,
	// or a directory under the system temp dir when there is no cache dir.
	OutDir string
	// GoCommand is the go binary; empty means "go" from PATH.
	GoCommand string

	mu    sync.Mutex
	built map[string]*pending
}

// pending is a build started by Prefetch or Build; done closes when it ends.
type pending struct {
	done     chan struct{}
	artifact Artifact
	err      error
	returned bool // Build has returned this result once already
}

// Prefetch starts building pkgs in the background and returns at once; a
// later Build of one of them waits for that build instead of starting
// another. Call it early (before the jsii runtime starts, say), so that the
// go commands run on another core while the program does other work.
func (b *Builder) Prefetch(pkgs ...string) {
	for _, pkg := range pkgs {
		if checkPackage(pkg) == nil {
			b.start(pkg)
		}
	}
}

// start returns the build of pkg, starting it unless one is under way or
// done.
func (b *Builder) start(pkg string) *pending {
	b.mu.Lock()
	defer b.mu.Unlock()
	if p, ok := b.built[pkg]; ok {
		return p
	}
	if b.built == nil {
		b.built = map[string]*pending{}
	}
	p := &pending{done: make(chan struct{})}
	b.built[pkg] = p
	go func() {
		defer close(p.done)
		p.artifact, p.err = b.build(pkg)
		if p.err != nil {
			p.err = fmt.Errorf("lambdapkg: building %s: %w", pkg, p.err)
		}
	}()
	return p
}

// Build compiles the main package pkg (an import path, or a relative
// directory such as ./cmd/hello, resolved in Dir) and packages it. A package
// built (or being built) by this Builder is not built again. Build is safe
// to call from several goroutines. A nil Builder builds with the defaults
// and remembers nothing.
func (b *Builder) Build(pkg string) (Artifact, error) {
	if b == nil {
		b = &Builder{}
	}
	if err := checkPackage(pkg); err != nil {
		return Artifact{}, err
	}
	p := b.start(pkg)
	<-p.done
	b.mu.Lock()
	defer b.mu.Unlock()
	if p.err != nil {
		return Artifact{}, p.err
	}
	a := p.artifact
	if p.returned {
		a.Took = 0
	}
	p.returned = true
	return a, nil
}

var packageRE = regexp.MustCompile(`^[A-Za-z0-9_./~+-]+$`)

// checkPackage refuses patterns (./...) and anything that go build would
// read as a flag: one main package per zip.
func checkPackage(pkg string) error {
	switch {
	case pkg == "":
		return errors.New("lambdapkg: package path is empty")
	case strings.HasPrefix(pkg, "-"):
		return fmt.Errorf("lambdapkg: package path %q: must not start with -", pkg)
	case strings.Contains(pkg, "..."):
		return fmt.Errorf("lambdapkg: package path %q: patterns are not allowed; name one main package", pkg)
	case !packageRE.MatchString(pkg):
		return fmt.Errorf("lambdapkg: package path %q: unexpected characters", pkg)
	}
	return nil
}

func (b *Builder) build(pkg string) (Artifact, error) {
	start := time.Now()
	outDir, err := b.outDir()
	if err != nil {
		return Artifact{}, err
	}
	goCmd := b.GoCommand
	if goCmd == "" {
		goCmd = "go"
	}
	dir, version, err := b.locate(goCmd, pkg)
	if err != nil {
		return Artifact{}, err
	}
	key, err := b.inputsKey(goCmd, dir, version, pkg)
	if err != nil {
		return Artifact{}, err
	}
	if a, ok := cached(outDir, key, pkg); ok {
		a.Took = time.Since(start)
		return a, nil
	}
	work, err := os.MkdirTemp(outDir, ".build-")
	if err != nil {
		return Artifact{}, err
	}
	defer os.RemoveAll(work)

	bin := filepath.Join(work, EntryName)
	cmd := exec.Command(goCmd, BuildArgs(bin, pkg)...)
	cmd.Dir = dir
	cmd.Env = BuildEnv(os.Environ())
	var stderr bytes.Buffer
	cmd.Stdout = &stderr
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return Artifact{}, fmt.Errorf("go build: %w\n%s", err, strings.TrimSpace(stderr.String()))
	}
	exe, err := os.ReadFile(bin)
	if err != nil {
		return Artifact{}, err
	}
	// For a package that is not main, go build -o writes an archive.
	if !bytes.HasPrefix(exe, []byte("\x7fELF")) {
		return Artifact{}, fmt.Errorf("go build produced no executable; is %s a main package?", pkg)
	}
	var zipped bytes.Buffer
	if err := Zip(&zipped, exe); err != nil {
		return Artifact{}, err
	}
	sum := sha256.Sum256(zipped.Bytes())
	a := Artifact{
		Package: pkg,
		SHA256:  base64.StdEncoding.EncodeToString(sum[:]),
		Hex:     hex.EncodeToString(sum[:]),
		Size:    int64(zipped.Len()),
	}
	// Content-addressed: equal builds share a file, and a file that exists
	// already holds exactly these bytes.
	a.Path = filepath.Join(outDir, a.Hex, zipName(pkg))
	if err := writeOnce(a.Path, zipped.Bytes()); err != nil {
		return Artifact{}, err
	}
	if err := remember(outDir, key, a); err != nil {
		return Artifact{}, err
	}
	a.Took = time.Since(start)
	return a, nil
}

// BuildArgs are the go command's arguments for building pkg into out.
func BuildArgs(out, pkg string) []string {
	return []string{
		"build",
		"-trimpath",
		"-buildvcs=false",
		"-tags=lambda.norpc",
		"-ldflags=-s -w -buildid=",
		"-o", out,
		pkg,
	}
}

// BuildEnv returns environ with the settings that decide the output fixed,
// and the caller's settings that could change it removed.
func BuildEnv(environ []string) []string {
	fixed := map[string]string{
		"GOOS":         "linux",
		"GOARCH":       "arm64",
		"GOARM64":      "v8.0",
		"CGO_ENABLED":  "0",
		"GOFLAGS":      "",
		"GOEXPERIMENT": "",
	}
	out := make([]string, 0, len(environ)+len(fixed))
	for _, kv := range environ {
		k, _, _ := strings.Cut(kv, "=")
		if _, ok := fixed[k]; !ok {
			out = append(out, kv)
		}
	}
	for _, k := range []string{"GOOS", "GOARCH", "GOARM64", "CGO_ENABLED", "GOFLAGS", "GOEXPERIMENT"} {
		out = append(out, k+"="+fixed[k])
	}
	return out
}

// Zip writes a deployment package holding exe as bootstrap. The archive
// depends on exe's bytes alone: fixed time, mode and compression, no extra
// fields, sizes in the local header instead of a trailing data descriptor.
func Zip(w io.Writer, exe []byte) error {
	var compressed bytes.Buffer
	fw, err := flate.NewWriter(&compressed, flate.DefaultCompression)
	if err != nil {
		return err
	}
	if _, err := fw.Write(exe); err != nil {
		return err
	}
	if err := fw.Close(); err != nil {
		return err
	}
	date, clock := msDosTime(zipEpoch)
	fh := &zip.FileHeader{
		Name:               EntryName,
		Method:             zip.Deflate,
		ReaderVersion:      20, // 2.0: deflate
		CreatorVersion:     20,
		ModifiedDate:       date,
		ModifiedTime:       clock,
		CRC32:              crc32.ChecksumIEEE(exe),
		CompressedSize64:   uint64(compressed.Len()),
		UncompressedSize64: uint64(len(exe)),
	}
	// SetMode marks the entry as made on Unix with mode 0755, which Lambda
	// needs to execute bootstrap.
	fh.SetMode(0o755)
	zw := zip.NewWriter(w)
	ew, err := zw.CreateRaw(fh)
	if err != nil {
		return err
	}
	if _, err := ew.Write(compressed.Bytes()); err != nil {
		return err
	}
	return zw.Close()
}

// msDosTime encodes t the way zip headers store times, without the
// extended timestamp field that FileHeader.Modified would add.
func msDosTime(t time.Time) (date, clock uint16) {
	date = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	clock = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	return date, clock
}

func (b *Builder) outDir() (string, error) {
	dir := b.OutDir
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			base = os.TempDir()
		}
		dir = filepath.Join(base, "landing-zone", "lambda")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("output directory: %w", err)
	}
	return filepath.Abs(dir)
}

// zipName is the zip's file name: the package's last element, which becomes
// the readable end of the Terraform asset path.
func zipName(pkg string) string {
	base := filepath.Base(filepath.ToSlash(pkg))
	if base == "." || base == "/" || base == "" {
		base = "function"
	}
	return base + ".zip"
}

// writeOnce writes data to path unless the file exists with the same size
// (its directory is named by the content's digest). It writes to a
// temporary file and renames it, so that concurrent processes building the
// same package never see a partial zip.
func writeOnce(path string, data []byte) error {
	if fi, err := os.Stat(path); err == nil && fi.Size() == int64(len(data)) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".zip-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
