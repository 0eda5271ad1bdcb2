package lambdapkg

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// Linking a function takes about a second even when every package is in the
// Go build cache, because go build does not cache executables. A process
// that synthesizes three stacks pays that once per function; every later
// process would pay it again. So the Builder keys each zip by its inputs —
// the toolchain, the flags, every dependency's module version, and the
// contents of every file of the main module it compiles — and reuses the zip
// another process made from the same inputs. Asking go list for the inputs
// takes about a tenth of a second.

// listedPackage is what go list reports of one package.
type listedPackage struct {
	ImportPath string
	Standard   bool
	Dir        string
	GoFiles    []string
	EmbedFiles []string
	Deps       []string
	Module     *struct {
		Path    string
		Version string
		Main    bool
		Replace *struct {
			Path    string
			Version string
		}
	}
}

// inputsKey digests everything that decides the binary built from pkg.
func (b *Builder) inputsKey(goCmd, dir, version, pkg string) (string, error) {
	env := BuildEnv(os.Environ())
	run := func(args ...string) ([]byte, error) {
		cmd := exec.Command(goCmd, args...)
		cmd.Dir = dir
		cmd.Env = env
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("go %s: %w\n%s", args[0], err, strings.TrimSpace(stderr.String()))
		}
		return out, nil
	}
	listed, err := run("list", "-deps", "-tags=lambda.norpc", "-json=ImportPath,Standard,Dir,GoFiles,EmbedFiles,Deps,Module", pkg)
	if err != nil {
		return "", err
	}
	pkgs := map[string]listedPackage{}
	var target listedPackage
	dec := json.NewDecoder(bytes.NewReader(listed))
	for {
		var p listedPackage
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return "", fmt.Errorf("go list output: %w", err)
		}
		pkgs[p.ImportPath] = p
		target = p // the last package listed is the one asked for
	}
	h := sha256.New()
	fmt.Fprintf(h, "lambdapkg v1\n%s%q\n%q\n", version, BuildArgs(EntryName, "."), env[len(env)-6:])
	deps := append([]string{target.ImportPath}, target.Deps...)
	sort.Strings(deps)
	for _, path := range deps {
		p, ok := pkgs[path]
		switch {
		case !ok:
			return "", fmt.Errorf("go list did not report %s", path)
		case p.Standard:
			fmt.Fprintf(h, "std %s\n", path)
		case p.Module == nil || p.Module.Main || (p.Module.Replace != nil && p.Module.Replace.Version == ""):
			// Source in this module or a local replacement: its files decide.
			fmt.Fprintf(h, "src %s\n", path)
			files := append(append([]string(nil), p.GoFiles...), p.EmbedFiles...)
			sort.Strings(files)
			for _, f := range files {
				data, err := os.ReadFile(filepath.Join(p.Dir, f))
				if err != nil {
					return "", err
				}
				sum := sha256.Sum256(data)
				fmt.Fprintf(h, "  %s %x\n", f, sum)
			}
		default:
			v := p.Module.Version
			if r := p.Module.Replace; r != nil {
				v = r.Path + "@" + r.Version
			}
			// A module version's content is fixed by the checksum database.
			fmt.Fprintf(h, "mod %s %s@%s\n", path, p.Module.Path, v)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// cached is the artifact another build made from the same inputs, if its zip
// is still there and intact.
func cached(outDir, key, pkg string) (Artifact, bool) {
	hexSum, err := os.ReadFile(filepath.Join(outDir, "inputs", key))
	if err != nil {
		return Artifact{}, false
	}
	path := filepath.Join(outDir, strings.TrimSpace(string(hexSum)), zipName(pkg))
	data, err := os.ReadFile(path)
	if err != nil {
		return Artifact{}, false
	}
	sum := sha256.Sum256(data)
	if hex.EncodeToString(sum[:]) != strings.TrimSpace(string(hexSum)) {
		return Artifact{}, false
	}
	return Artifact{Package: pkg, Path: path, SHA256: base64.StdEncoding.EncodeToString(sum[:]), Hex: hex.EncodeToString(sum[:]), Size: int64(len(data))}, true
}

// remember records which zip the inputs key produced.
func remember(outDir, key string, a Artifact) error {
	return writeOnce(filepath.Join(outDir, "inputs", key), []byte(a.Hex+"\n"))
}
