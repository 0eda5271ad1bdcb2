package lambdapkg

import (
	"errors"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestSourceDir(t *testing.T) {
	checkout := t.TempDir()
	if err := os.WriteFile(filepath.Join(checkout, "go.mod"), []byte("module example.com/lz // the library\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	self := filepath.Join(checkout, "constructs", "lambdapkg", "locate.go")
	const pkg = "example.com/lz/handlers/cmd/a"
	modcache := "/modcache/example.com/lz@v1.2.3"
	download := func(path, version string) (string, error) {
		if path == "example.com/lz" && version == "v1.2.3" {
			return modcache, nil
		}
		return "", errors.New("not found")
	}
	main := func(version string, replace *debug.Module) *debug.BuildInfo {
		return &debug.BuildInfo{Main: debug.Module{Path: "example.com/lz", Version: version, Replace: replace}}
	}
	asDep := &debug.BuildInfo{Main: debug.Module{Path: "example.com/app"}, Deps: []*debug.Module{
		{Path: "example.com/lz", Version: "v0.0.0", Replace: &debug.Module{Path: checkout}},
	}}
	for _, tc := range []struct {
		name, pkg, self string
		bi              *debug.BuildInfo
		want, wantErr   string
	}{
		{name: "built from a checkout", pkg: pkg, self: self, bi: main("(devel)", nil), want: checkout},
		{name: "trimpath, local replacement", pkg: pkg, self: "example.com/lz/constructs/lambdapkg/locate.go", bi: asDep, want: checkout},
		{name: "installed at a version", pkg: pkg, self: "example.com/lz/constructs/lambdapkg/locate.go", bi: main("v1.2.3", nil), want: modcache},
		{name: "version not in the cache", pkg: pkg, self: "x.go", bi: main("v9.9.9", nil), wantErr: "go mod download example.com/lz@v9.9.9"},
		{name: "checkout gone", pkg: pkg, self: "/gone/constructs/lambdapkg/locate.go", bi: main("v0.0.0-20261130120000-abcdef123456+dirty", nil), wantErr: "run it from a checkout of example.com/lz"},
		{name: "another module", pkg: "example.com/other/cmd/b", self: self, bi: main("(devel)", nil), wantErr: "does not include the module"},
		{name: "relative package", pkg: "./cmd/hello", self: self, bi: main("(devel)", nil), wantErr: "give an import path"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := sourceDir(tc.pkg, tc.self, tc.bi, download)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got %q, %v; want an error containing %q", got, err, tc.wantErr)
				}
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("error is more than one line: %q", err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestModulePath(t *testing.T) {
	dir := t.TempDir()
	for body, want := range map[string]string{
		"module example.com/a\n":                "example.com/a",
		"// c\nmodule \"example.com/b\" // x\n": "example.com/b",
		"go 1.26\n":                             "",
	} {
		p := filepath.Join(dir, "go.mod")
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := modulePath(p); got != want {
			t.Errorf("modulePath(%q) = %q, want %q", body, got, want)
		}
	}
}
