// Package lazyindex makes the AWS provider's npm module index load lazily,
// which cuts several seconds from the start of every Go process that uses
// the CDK for Terraform AWS provider bindings.
//
// # Why
//
// The jsii runtime (a Node.js child process) loads the npm package
// @cdktf/provider-aws, whose lib/index.js eagerly requires all ~2,087
// resource modules with lines of the form
//
//	exports.s3Bucket = require("./s3-bucket");
//
// Loading them takes about 4 s, although a program uses only a handful.
// Enable rewrites each such line into a lazy export whose getter calls
// require on first access, so only the modules actually used are loaded:
//
//	__landingZoneLazyExport("s3Bucket", function () { return require("./s3-bucket"); });
//
// The export names, their order, enumerability and values are unchanged;
// an export may still be assigned (the accessor is then replaced by a plain
// writable property).
//
// # Where
//
// The jsii runtime extracts every package once into its package cache and
// reuses an entry, without re-checking its files, as long as the entry's
// marker file .jsii-runtime-package-cache exists:
//
//	<root>/@cdktf/provider-aws/<version>/<digest>/lib/index.js
//
// The root is $JSII_RUNTIME_PACKAGE_CACHE_ROOT if set and non-empty, else
// $HOME/.cache/aws/jsii/package-cache on Linux (see [DefaultCacheRoot]).
// Enable rewrites lib/index.js of each complete entry in place, atomically
// (temporary file, fsync, rename) and keeps the original beside it as
// lib/index.eager.js; [Restore] puts it back. Nothing else is modified and
// no directory is created. On a fresh machine the entry does not exist yet:
// the runtime extracts it during that run and the next run is fast. The
// runtime prunes entries unused for 30 days; a re-extracted entry is eager
// again until the next call of Enable.
//
// The index is recognised by its shape, not by the provider version: every
// line must be a comment, "use strict", the __esModule marker, a
// `exports.a = exports.b = void 0;` declaration or an eager re-export, and
// there must be at least 100 re-exports. Anything else is left alone and
// reported as skipped; the program then still works, only slower.
//
// # Use
//
// Call Enable first thing in main and in TestMain, before the first jsii
// call, and log the Result if you like. Enable never fails the program.
//
// # Turning it off
//
// Set LANDINGZONE_LAZY_INDEX=0 (or false, off, no) to make Enable and
// EnableIn do nothing. Enable also does nothing when the jsii package cache
// itself is disabled (JSII_RUNTIME_PACKAGE_CACHE other than "enabled"),
// because the runtime then extracts a fresh copy on every run.
package lazyindex

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// EnvVar is the environment variable that turns this package off when set
// to 0, false, off or no (case-insensitive).
const EnvVar = "LANDINGZONE_LAZY_INDEX"

// PackageName is the npm package whose module index is rewritten.
const PackageName = "@cdktf/provider-aws"

// BackupName is the name of the copy of the original index kept beside
// lib/index.js.
const BackupName = "index.eager.js"

// markerName is the file that makes a jsii package cache entry complete.
const markerName = ".jsii-runtime-package-cache"

// Action is what happened to one package cache entry.
type Action int

const (
	// Rewritten means the index was eager and is now lazy.
	Rewritten Action = iota + 1
	// AlreadyLazy means the index had been rewritten before; nothing changed.
	AlreadyLazy
	// SkippedIncomplete means the entry has no marker file (the runtime is
	// still extracting it, or it is broken); nothing changed.
	SkippedIncomplete
	// SkippedShape means lib/index.js is missing or not of the expected
	// shape; nothing changed.
	SkippedShape
	// Failed means an I/O error (for example a read-only cache) stopped the
	// rewrite; lib/index.js is unchanged.
	Failed
)

// String returns a short lower-case name of the action.
func (a Action) String() string {
	switch a {
	case Rewritten:
		return "rewritten"
	case AlreadyLazy:
		return "already lazy"
	case SkippedIncomplete:
		return "skipped: incomplete entry"
	case SkippedShape:
		return "skipped: unexpected shape"
	case Failed:
		return "failed"
	}
	return "Action(" + strconv.Itoa(int(a)) + ")"
}

// Entry describes what was done to one package cache entry.
type Entry struct {
	// Index is the path of the entry's lib/index.js.
	Index string
	// Action is what was done.
	Action Action
	// Exports is the number of re-exports made lazy (for Rewritten).
	Exports int
	// Err explains SkippedShape and Failed.
	Err error
}

// Result describes what Enable or EnableIn did. The zero value means
// nothing was examined.
type Result struct {
	// Root is the package cache root that was examined ("" when disabled).
	Root string
	// Skipped, when not empty, is why no entry was examined at all: this
	// package is turned off, the package cache is disabled, or the cache
	// root or the provider's directory does not exist yet.
	Skipped string
	// Entries has one element per provider entry (version and digest) found.
	Entries []Entry
}

// Err joins the errors of the entries that failed or were skipped because
// of their shape; it is nil when everything is lazy (or nothing was found).
func (r Result) Err() error {
	var errs []error
	for _, e := range r.Entries {
		if e.Err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", e.Index, e.Err))
		}
	}
	return errors.Join(errs...)
}

// String returns a one-line summary suitable for a log.
func (r Result) String() string {
	if r.Skipped != "" {
		return "lazyindex: skipped: " + r.Skipped
	}
	if len(r.Entries) == 0 {
		return "lazyindex: no " + PackageName + " entry in " + r.Root
	}
	parts := make([]string, len(r.Entries))
	for i, e := range r.Entries {
		s := e.Action.String()
		if e.Exports > 0 {
			s += fmt.Sprintf(" (%d exports)", e.Exports)
		}
		switch {
		case e.Err != nil && errors.Is(e.Err, errShape):
			s = "skipped: " + e.Err.Error() // errShape already says "unexpected shape"
		case e.Err != nil:
			s += ": " + e.Err.Error()
		}
		parts[i] = e.Index + ": " + s
	}
	return "lazyindex: " + strings.Join(parts, "; ")
}

// Enable makes the AWS provider's module index in the jsii package cache
// load lazily. Call it before the first jsii call (first thing in main and
// in TestMain). It never fails the program: problems come back as a Result
// describing what was done or skipped and why.
//
// It does nothing when LANDINGZONE_LAZY_INDEX is 0/false/off/no, when the
// jsii package cache is disabled, or when the cache root does not exist.
func Enable() Result {
	if off, v := disabledByEnv(); off {
		return Result{Skipped: EnvVar + "=" + v}
	}
	if v, ok := os.LookupEnv("JSII_RUNTIME_PACKAGE_CACHE"); ok && !strings.EqualFold(v, "enabled") {
		return Result{Skipped: "jsii package cache disabled (JSII_RUNTIME_PACKAGE_CACHE=" + v + ")"}
	}
	root, err := CacheRoot()
	if err != nil {
		return Result{Skipped: "no cache root: " + err.Error()}
	}
	return EnableIn(root)
}

// EnableIn is Enable for an explicit cache root (tests, or a project-owned
// cache). It honours LANDINGZONE_LAZY_INDEX too.
func EnableIn(root string) (res Result) {
	if off, v := disabledByEnv(); off {
		return Result{Skipped: EnvVar + "=" + v}
	}
	res.Root = root
	defer func() {
		// Belt and braces: this runs before anything else in main.
		if p := recover(); p != nil {
			res.Entries = append(res.Entries, Entry{Action: Failed, Err: fmt.Errorf("panic: %v", p)})
		}
	}()
	if fi, err := os.Stat(root); err != nil || !fi.IsDir() {
		res.Skipped = "cache root " + root + " does not exist yet"
		return res
	}
	dirs, err := entryDirs(root)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			res.Skipped = "no " + PackageName + " in " + root + " yet"
		} else {
			res.Entries = append(res.Entries, Entry{Index: filepath.Join(root, PackageName), Action: Failed, Err: err})
		}
		return res
	}
	for _, dir := range dirs {
		res.Entries = append(res.Entries, enableEntry(dir))
	}
	return res
}

// Restore puts the original (eager) index back in every provider entry
// under root that has a backup, by renaming lib/index.eager.js over
// lib/index.js. Entries without a backup are left alone. It ignores
// LANDINGZONE_LAZY_INDEX. A missing root or provider directory is not an
// error.
func Restore(root string) error {
	dirs, err := entryDirs(root)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	var errs []error
	for _, dir := range dirs {
		lib := filepath.Join(dir, "lib")
		backup := filepath.Join(lib, BackupName)
		fi, err := os.Lstat(backup)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err == nil && !fi.Mode().IsRegular() {
			err = fmt.Errorf("%s is not a regular file", backup)
		}
		if err == nil {
			err = os.Rename(backup, filepath.Join(lib, "index.js"))
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		syncDir(lib)
	}
	return errors.Join(errs...)
}

// DefaultCacheRoot returns the package cache root the jsii runtime uses
// when JSII_RUNTIME_PACKAGE_CACHE_ROOT is not set. It mirrors
// defaultCacheRoot in @jsii/kernel: $HOME/.cache/aws/jsii/package-cache on
// Linux, ~/Library/Caches/com.amazonaws.jsii/package-cache on macOS,
// %LOCALAPPDATA%\AWS\jsii\package-cache on Windows, and
// <tmpdir>/aws-jsii-package-cache-<uid> when there is no usable home.
func DefaultCacheRoot() string {
	home := homeDir()
	switch runtime.GOOS {
	case "windows":
		base := os.Getenv("LOCALAPPDATA")
		if !filepath.IsAbs(base) {
			base = ""
			if home != "" {
				base = filepath.Join(home, "AppData", "Local")
			}
		}
		if base != "" {
			return filepath.Join(base, "AWS", "jsii", "package-cache")
		}
	case "darwin":
		if home != "" {
			return filepath.Join(home, "Library", "Caches", "com.amazonaws.jsii", "package-cache")
		}
	default:
		if home != "" {
			return filepath.Join(home, ".cache", "aws", "jsii", "package-cache")
		}
	}
	name := "aws-jsii-package-cache"
	if uid := os.Getuid(); uid >= 0 {
		name += "-" + strconv.Itoa(uid)
	}
	return filepath.Join(nodeTmpdir(), name)
}

// CacheRoot returns the package cache root the jsii runtime of this
// process will use: $JSII_RUNTIME_PACKAGE_CACHE_ROOT if set and non-empty
// (made absolute against the working directory, which the runtime
// inherits), else DefaultCacheRoot.
func CacheRoot() (string, error) {
	if v := os.Getenv("JSII_RUNTIME_PACKAGE_CACHE_ROOT"); v != "" {
		return filepath.Abs(v)
	}
	return DefaultCacheRoot(), nil
}

// homeDir mirrors Node's os.homedir(): $HOME, else the password database;
// only an absolute path counts.
func homeDir() string {
	h := os.Getenv("HOME")
	if runtime.GOOS == "windows" {
		h = os.Getenv("USERPROFILE")
	}
	if h == "" {
		if u, err := user.Current(); err == nil {
			h = u.HomeDir
		}
	}
	if !filepath.IsAbs(h) {
		return ""
	}
	return h
}

// nodeTmpdir mirrors Node's os.tmpdir() on POSIX systems.
func nodeTmpdir() string {
	if runtime.GOOS == "windows" {
		return os.TempDir()
	}
	for _, k := range []string{"TMPDIR", "TMP", "TEMP"} {
		if v := os.Getenv(k); v != "" {
			if len(v) > 1 {
				v = strings.TrimSuffix(v, "/")
			}
			return v
		}
	}
	return "/tmp"
}

// disabledByEnv reports whether EnvVar turns this package off.
func disabledByEnv() (bool, string) {
	v := os.Getenv(EnvVar)
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "0", "false", "off", "no":
		return true, v
	}
	return false, v
}

// entryDirs lists <root>/@cdktf/provider-aws/<version>/<digest> directories
// (without following symbolic links). It returns an fs.ErrNotExist error
// when the provider has never been extracted into root.
func entryDirs(root string) ([]string, error) {
	pkg := filepath.Join(root, filepath.FromSlash(PackageName))
	versions, err := os.ReadDir(pkg)
	if err != nil {
		return nil, err
	}
	var dirs []string
	for _, v := range versions {
		if !v.IsDir() {
			continue
		}
		digests, err := os.ReadDir(filepath.Join(pkg, v.Name()))
		if err != nil {
			continue
		}
		for _, d := range digests {
			if d.IsDir() {
				dirs = append(dirs, filepath.Join(pkg, v.Name(), d.Name()))
			}
		}
	}
	return dirs, nil
}

// enableEntry rewrites the index of one package cache entry.
func enableEntry(dir string) Entry {
	lib := filepath.Join(dir, "lib")
	index := filepath.Join(lib, "index.js")
	e := Entry{Index: index}

	// The runtime writes the marker (a regular file) last, after the whole
	// package is extracted; without it the entry is not in use.
	if fi, err := os.Lstat(filepath.Join(dir, markerName)); err != nil || !fi.Mode().IsRegular() {
		e.Action = SkippedIncomplete
		return e
	}
	fi, err := os.Lstat(index)
	if err != nil {
		e.Action, e.Err = SkippedShape, err
		return e
	}
	if !fi.Mode().IsRegular() {
		e.Action, e.Err = SkippedShape, fmt.Errorf("%w: not a regular file", errShape)
		return e
	}
	// The steady state: only the header is read. A file with the header
	// was written whole by this package (temporary file and rename).
	if lazy, err := hasHeader(index); err != nil {
		e.Action, e.Err = Failed, err
		return e
	} else if lazy {
		e.Action = AlreadyLazy
		return e
	}
	src, err := os.ReadFile(index)
	if err != nil {
		e.Action, e.Err = Failed, err
		return e
	}
	if isLazy(src) { // rewritten by another process meanwhile
		e.Action = AlreadyLazy
		return e
	}
	out, exps, err := rewriteIndex(src, minEagerExports)
	if err != nil {
		e.Action, e.Err = SkippedShape, err
		return e
	}
	mode := fi.Mode().Perm()
	// Backup first, so that whenever index.js is lazy the original exists.
	if err := writeAtomic(filepath.Join(lib, BackupName), src, mode); err != nil {
		e.Action, e.Err = Failed, err
		return e
	}
	if err := writeAtomic(index, out, mode); err != nil {
		e.Action, e.Err = Failed, err
		return e
	}
	e.Action, e.Exports = Rewritten, len(exps)
	return e
}

// hasHeader reports whether the file at path starts with the header this
// package writes.
func hasHeader(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	buf := make([]byte, len(headerPrefix))
	if _, err := io.ReadFull(f, buf); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return false, nil
		}
		return false, err
	}
	return isLazy(buf), nil
}

// createTemp is os.CreateTemp; tests replace it to simulate failures.
var createTemp = os.CreateTemp

// writeAtomic replaces path with data: it writes a temporary file with a
// per-process unique name in the same directory, fsyncs it and renames it
// over path, so that readers see either the old or the new content.
func writeAtomic(path string, data []byte, mode fs.FileMode) (err error) {
	dir := filepath.Dir(path)
	f, err := createTemp(dir, "."+filepath.Base(path)+".lazyindex-"+strconv.Itoa(os.Getpid())+"-*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Chmod(mode); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// syncDir makes a rename in dir durable; errors are ignored because some
// file systems do not support syncing a directory.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
