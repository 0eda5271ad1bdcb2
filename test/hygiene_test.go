package test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryJSIIPackageClosesTheRuntime: importing the CDKTF bindings starts
// the jsii runtime at package init, which unpacks itself into a temporary
// folder that only jsii.Close removes. Every package whose tests import
// them needs a TestMain that closes it, or each test run leaves a folder
// behind.
func TestEveryJSIIPackageClosesTheRuntime(t *testing.T) {
	if testing.Short() {
		t.Skip("lists every package of the module")
	}
	cmd := exec.Command("go", "list", "-test", "-deps=false", "-json", "github.com/acme/landing-zone/...")
	cmd.Dir = moduleRoot(t)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	type pkg struct {
		ImportPath, Dir           string
		TestGoFiles, XTestGoFiles []string
		Deps                      []string
		ForTest                   string
	}
	needs := map[string]bool{} // test variants whose dependencies include cdktf
	dirs := map[string]pkg{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		if p.ForTest == "" && len(p.TestGoFiles)+len(p.XTestGoFiles) > 0 {
			dirs[p.ImportPath] = p
		}
		if p.ForTest != "" {
			for _, d := range p.Deps {
				if d == "github.com/hashicorp/terraform-cdk-go/cdktf" {
					needs[p.ForTest] = true
				}
			}
		}
	}
	for path, p := range dirs {
		if !needs[path] {
			continue
		}
		closes := false
		for _, f := range append(append([]string(nil), p.TestGoFiles...), p.XTestGoFiles...) {
			data, err := os.ReadFile(filepath.Join(p.Dir, f))
			if err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(bytes.NewReader(data))
			inMain := false
			for sc.Scan() {
				line := sc.Text()
				if strings.HasPrefix(line, "func TestMain(") {
					inMain = true
				}
				if inMain && strings.Contains(line, "jsii.Close()") {
					closes = true
				}
				if inMain && line == "}" {
					inMain = false
				}
			}
		}
		if !closes {
			t.Errorf("%s: its tests import the CDKTF bindings but no TestMain calls jsii.Close (copy main_jsii_test.go from another package)", path)
		}
	}
}
