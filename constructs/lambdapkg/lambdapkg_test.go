package lambdapkg

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/base64"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestZipIsDeterministic(t *testing.T) {
	exe := bytes.Repeat([]byte("not really an executable\n"), 1000)
	var a, b bytes.Buffer
	if err := Zip(&a, exe); err != nil {
		t.Fatal(err)
	}
	if err := Zip(&b, exe); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two zips of the same bytes differ")
	}

	zr, err := zip.NewReader(bytes.NewReader(a.Bytes()), int64(a.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != 1 {
		t.Fatalf("zip holds %d entries, want 1", len(zr.File))
	}
	f := zr.File[0]
	checks := []struct {
		what      string
		got, want any
	}{
		{"name", f.Name, "bootstrap"},
		{"mode", f.Mode(), os.FileMode(0o755)},
		{"method", f.Method, zip.Deflate},
		{"time", f.Modified.UTC(), time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"extra fields", len(f.Extra), 0},
		{"data descriptor flag", f.Flags & 0x8, uint16(0)},
		{"comment", zr.Comment, ""},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.what, c.got, c.want)
		}
	}
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(rc) // also verifies the CRC
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, exe) {
		t.Error("unzipped bytes differ from the input")
	}
}

func TestMsDosTime(t *testing.T) {
	tests := []struct {
		t           time.Time
		date, clock uint16
	}{
		{time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), 0x21, 0},
		{time.Date(2024, 12, 31, 23, 59, 58, 0, time.UTC), 44<<9 | 12<<5 | 31, 23<<11 | 59<<5 | 29},
	}
	for _, tt := range tests {
		date, clock := msDosTime(tt.t)
		if date != tt.date || clock != tt.clock {
			t.Errorf("msDosTime(%v) = %#x, %#x; want %#x, %#x", tt.t, date, clock, tt.date, tt.clock)
		}
	}
}

func TestBuildEnv(t *testing.T) {
	in := []string{"HOME=/root", "GOOS=windows", "GOFLAGS=-race", "CGO_ENABLED=1", "GOEXPERIMENT=x", "GOARM64=v9.0", "PATH=/bin"}
	got := BuildEnv(in)
	want := []string{"HOME=/root", "PATH=/bin", "GOOS=linux", "GOARCH=arm64", "GOARM64=v8.0", "CGO_ENABLED=0", "GOFLAGS=", "GOEXPERIMENT="}
	if !slices.Equal(got, want) {
		t.Errorf("BuildEnv:\n got %q\nwant %q", got, want)
	}
}

func TestBuildArgs(t *testing.T) {
	got := strings.Join(BuildArgs("/out/bootstrap", "./cmd/x"), " ")
	for _, flag := range []string{"-trimpath", "-buildvcs=false", "-ldflags=-s -w -buildid=", "-tags=lambda.norpc", "-o /out/bootstrap"} {
		if !strings.Contains(got, flag) {
			t.Errorf("BuildArgs = %q: missing %q", got, flag)
		}
	}
	if !strings.HasSuffix(got, " ./cmd/x") {
		t.Errorf("BuildArgs = %q: the package must come last", got)
	}
}

func TestCheckPackage(t *testing.T) {
	tests := []struct {
		pkg, wantErr string
	}{
		{"github.com/acme/x/cmd/create-order", ""},
		{"./testdata/hello", ""},
		{"", "empty"},
		{"-toolexec=evil", "must not start with -"},
		{"./...", "patterns are not allowed"},
		{"a b", "unexpected characters"},
	}
	for _, tt := range tests {
		err := checkPackage(tt.pkg)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("checkPackage(%q) = %v, want nil", tt.pkg, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("checkPackage(%q) = %v, want an error containing %q", tt.pkg, err, tt.wantErr)
		}
	}
}

// newModule copies testdata/hello into a module of its own under a fresh
// directory, so that two builds run from different absolute paths, as they
// would on two machines.
func newModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("testdata", "hello", "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"go.mod":            "module example.com/hello\n\ngo 1.26\n",
		"cmd/hello/main.go": string(src),
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestTwoBuildsAreIdentical is the reproducibility promise: two builders in
// two checkout directories writing to two output directories produce the
// same bytes.
func TestTwoBuildsAreIdentical(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build")
	}
	var arts []Artifact
	var zips [][]byte
	for range 2 {
		b := &Builder{Dir: newModule(t), OutDir: t.TempDir()}
		a, err := b.Build("./cmd/hello")
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("built %s in %v: %d bytes, sha256 %s", a.Package, a.Took, a.Size, a.SHA256)
		data, err := os.ReadFile(a.Path)
		if err != nil {
			t.Fatal(err)
		}
		arts, zips = append(arts, a), append(zips, data)
	}
	if !bytes.Equal(zips[0], zips[1]) {
		t.Fatalf("two builds differ: %s and %s", arts[0].SHA256, arts[1].SHA256)
	}
	sum := sha256.Sum256(zips[0])
	if got := base64.StdEncoding.EncodeToString(sum[:]); got != arts[0].SHA256 {
		t.Errorf("SHA256 = %s, want filebase64sha256 of the zip %s", arts[0].SHA256, got)
	}
	if filepath.Base(arts[0].Path) != "hello.zip" {
		t.Errorf("zip name %s, want hello.zip", filepath.Base(arts[0].Path))
	}

	zr, err := zip.NewReader(bytes.NewReader(zips[0]), int64(len(zips[0])))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	exe, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	ef, err := elf.NewFile(bytes.NewReader(exe))
	if err != nil {
		t.Fatalf("bootstrap is not an ELF executable: %v", err)
	}
	if ef.Machine != elf.EM_AARCH64 {
		t.Errorf("bootstrap is built for %v, want arm64", ef.Machine)
	}
	if bytes.Contains(exe, []byte(os.TempDir())) {
		t.Error("bootstrap contains the temp dir path; -trimpath did not apply")
	}
}

func TestBuilderMemoizes(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build")
	}
	// A go command that counts its invocations.
	bin := t.TempDir()
	count := filepath.Join(bin, "count")
	script := "#!/bin/sh\necho run >> " + count + "\nexec go \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "go"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	b := &Builder{Dir: newModule(t), OutDir: t.TempDir(), GoCommand: filepath.Join(bin, "go")}
	first, err := b.Build("./cmd/hello")
	if err != nil {
		t.Fatal(err)
	}
	second, err := b.Build("./cmd/hello")
	if err != nil {
		t.Fatal(err)
	}
	runs, _ := os.ReadFile(count)
	// go env, go list and go build for the first call; nothing for the second.
	if n := strings.Count(string(runs), "run"); n != 3 {
		t.Errorf("go ran %d times for two Build calls, want 3", n)
	}
	if first.Path != second.Path || first.SHA256 != second.SHA256 || second.Took != 0 {
		t.Errorf("second Build = %+v, want the first result %+v with Took 0", second, first)
	}

	// Another process (a new Builder) with the same inputs reuses the zip:
	// it asks go for the inputs but does not build.
	os.Remove(count)
	again := &Builder{Dir: b.Dir, OutDir: b.OutDir, GoCommand: b.GoCommand}
	third, err := again.Build("./cmd/hello")
	if err != nil {
		t.Fatal(err)
	}
	runs, _ = os.ReadFile(count)
	if n := strings.Count(string(runs), "run"); n != 2 {
		t.Errorf("go ran %d times for a cached build, want 2 (env and list)", n)
	}
	if third.Path != first.Path || third.SHA256 != first.SHA256 {
		t.Errorf("cached Build = %+v, want %+v", third, first)
	}

	// A changed source file changes the inputs, so the next build is new.
	main := filepath.Join(b.Dir, "cmd", "hello", "main.go")
	src, err := os.ReadFile(main)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(main, append(src, []byte("\n// changed\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Remove(count)
	fresh := &Builder{Dir: b.Dir, OutDir: b.OutDir, GoCommand: b.GoCommand}
	if _, err := fresh.Build("./cmd/hello"); err != nil {
		t.Fatal(err)
	}
	runs, _ = os.ReadFile(count)
	if n := strings.Count(string(runs), "run"); n != 3 {
		t.Errorf("go ran %d times after a source change, want 3 (it must build)", n)
	}
}

func TestBuildErrors(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build")
	}
	dir := newModule(t)
	if err := os.WriteFile(filepath.Join(dir, "lib.go"), []byte("package hello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "cmd", "broken"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "cmd", "broken", "main.go"), []byte("package main\n\nfunc main() { undefined() }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b := &Builder{Dir: dir, OutDir: t.TempDir()}
	tests := []struct {
		pkg, want string
	}{
		{".", "is . a main package?"},
		{"./cmd/broken", "undefined: undefined"},
		{"./cmd/missing", "directory not found"},
	}
	for _, tt := range tests {
		_, err := b.Build(tt.pkg)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Build(%q) = %v, want an error containing %q", tt.pkg, err, tt.want)
		}
	}
}

// TestNilBuilderBuilds: a nil Builder (a construct's Props left empty)
// builds with the defaults instead of panicking.
func TestNilBuilderBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build")
	}
	var b *Builder
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Chdir(newModule(t))
	a, err := b.Build("./cmd/hello")
	if err != nil {
		t.Fatal(err)
	}
	if a.SHA256 == "" || a.Path == "" {
		t.Errorf("artifact %+v", a)
	}
}
