package lambdapkg

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
)

// locate returns the directory the go commands for pkg run in, and the Go
// version (the first line of `go env GOVERSION GOMOD`, asked in the same
// call). With Dir empty that is the working directory when it is in a Go
// module (GOMOD is then a go.mod file), and otherwise the source of the
// module that holds pkg (sourceDir), so that a command installed with go
// install also works from an empty directory.
func (b *Builder) locate(goCmd, pkg string) (dir, version string, err error) {
	cmd := exec.Command(goCmd, "env", "GOVERSION", "GOMOD")
	cmd.Dir = b.Dir
	cmd.Env = BuildEnv(os.Environ())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", "", fmt.Errorf("go env: %w\n%s", err, strings.TrimSpace(stderr.String()))
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	version = lines[0] + "\n"
	var gomod string
	if len(lines) > 1 {
		gomod = strings.TrimSpace(lines[1])
	}
	if b.Dir != "" || (gomod != "" && gomod != os.DevNull) {
		return b.Dir, version, nil
	}
	_, self, _, _ := runtime.Caller(0)
	bi, _ := debug.ReadBuildInfo()
	dir, err = sourceDir(pkg, self, bi, func(path, version string) (string, error) {
		return downloadDir(goCmd, path, version)
	})
	return dir, version, err
}

// sourceDir finds the root directory of the module that holds the package
// pkg (an import path), trying in turn:
//
//   - the source tree this program was compiled from, if it is still on
//     disk and holds pkg: self is the file name the compiler recorded for
//     this package (an absolute path unless the program was built with
//     -trimpath), the case of `go install` from a checkout;
//   - the module's local replacement (a replace directive to a directory)
//     recorded in the program's build information;
//   - the module version recorded there (`go install module@version`), in
//     the module cache through download (go mod download, which reads the
//     cache before the proxy).
//
// Otherwise it returns one line that says what to do.
func sourceDir(pkg, self string, bi *debug.BuildInfo, download func(path, version string) (string, error)) (string, error) {
	if first, _, _ := strings.Cut(pkg, "/"); strings.HasPrefix(pkg, ".") || filepath.IsAbs(pkg) || !strings.Contains(first, ".") {
		return "", fmt.Errorf("package %s: the working directory is in no Go module; run in the module that holds it, or give an import path", pkg)
	}
	if filepath.IsAbs(self) {
		for dir := filepath.Dir(self); ; dir = filepath.Dir(dir) {
			if mod := modulePath(filepath.Join(dir, "go.mod")); mod != "" {
				if within(pkg, mod) {
					return dir, nil
				}
				break
			}
			if filepath.Dir(dir) == dir {
				break
			}
		}
	}
	var m *debug.Module
	if bi != nil {
		for _, c := range append([]*debug.Module{&bi.Main}, bi.Deps...) {
			if c != nil && within(pkg, c.Path) && (m == nil || len(c.Path) > len(m.Path)) {
				m = c
			}
		}
	}
	if m == nil {
		return "", fmt.Errorf("package %s: the working directory is in no Go module and this program does not include the module of %s; run it in a module that requires it", pkg, pkg)
	}
	if r := m.Replace; r != nil && r.Version == "" && filepath.IsAbs(r.Path) {
		if _, err := os.Stat(filepath.Join(r.Path, "go.mod")); err == nil {
			return r.Path, nil
		}
	}
	if v := m.Version; v != "" && v != "(devel)" && !strings.HasSuffix(v, "+dirty") && m.Replace == nil {
		dir, err := download(m.Path, v)
		if err == nil {
			return dir, nil
		}
		return "", fmt.Errorf("package %s: the working directory is in no Go module and %s@%s is not in the module cache (%v); run go mod download %s@%s, or run from a checkout of %s", pkg, m.Path, v, err, m.Path, v, m.Path)
	}
	return "", fmt.Errorf("package %s: the working directory is in no Go module and the source tree of %s this program was built from (version %s) is gone; run it from a checkout of %s, or install a released version with go install %s@<version>", pkg, m.Path, m.Version, m.Path, m.Path)
}

// within tells whether the package path pkg is in the module mod.
func within(pkg, mod string) bool { return pkg == mod || strings.HasPrefix(pkg, mod+"/") }

// modulePath is the module path declared by the go.mod file at path, or ""
// when there is none.
func modulePath(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module"); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			rest, _, _ = strings.Cut(rest, "//")
			return strings.Trim(strings.TrimSpace(rest), "\"`")
		}
	}
	return ""
}

// downloadDir is the module cache directory of path@version, from go mod
// download (which needs no module and uses the cache before the proxy).
func downloadDir(goCmd, path, version string) (string, error) {
	cmd := exec.Command(goCmd, "mod", "download", "-json", path+"@"+version)
	cmd.Dir = os.TempDir()
	cmd.Env = BuildEnv(os.Environ())
	out, err := cmd.Output()
	var info struct{ Dir, Error string }
	if jerr := json.Unmarshal(out, &info); jerr == nil && info.Error != "" {
		return "", fmt.Errorf("%s", info.Error)
	}
	if err != nil {
		return "", err
	}
	if info.Dir == "" {
		return "", fmt.Errorf("go mod download reported no directory")
	}
	return info.Dir, nil
}
