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
	type pkg struct {
		ImportPath, Dir           string
		TestGoFiles, XTestGoFiles []string
		Deps                      []string
		ForTest                   string
	}
	needs := map[string]bool{} // test variants whose dependencies include cdktf
	dirs := map[string]pkg{}
	for _, p := range goList[pkg](t, "-test", "-deps=false", "github.com/acme/landing-zone/...") {
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

// plainPackages are the packages that hold plain-Go models, tables and
// checks: the organization model and the constructs' spec packages. They
// must not import the CDKTF bindings, so that their tests (and a program
// that only validates an organization file) run without the jsii runtime
// and the AWS provider.
var plainPackages = []string{
	"github.com/acme/landing-zone/stacks/org",
	"github.com/acme/landing-zone/constructs/analytics/spec",
	"github.com/acme/landing-zone/constructs/auroracluster/dbspec",
	"github.com/acme/landing-zone/constructs/backupplan/planspec",
	"github.com/acme/landing-zone/constructs/ebsvolume/ebsspec",
	"github.com/acme/landing-zone/constructs/ec2tier/tierspec",
	"github.com/acme/landing-zone/constructs/efsshare/efsspec",
	"github.com/acme/landing-zone/constructs/fargateservice/taskspec",
	"github.com/acme/landing-zone/constructs/internal/tfattr",
	"github.com/acme/landing-zone/constructs/networkhub/netplan",
	"github.com/acme/landing-zone/constructs/problem",
	"github.com/acme/landing-zone/constructs/serverlessorders/orderspec",
	"github.com/acme/landing-zone/constructs/webapp/appenv",
}

// cdktfModules are the module paths of the CDKTF bindings.
var cdktfModules = []string{"github.com/cdktf/cdktf-provider-aws-go", "github.com/hashicorp/terraform-cdk-go"}

// TestPlainPackagesStayPlain fails when a plain package (or its tests)
// depends on the CDKTF bindings, naming the import chain that pulls them
// in, such as stacks/org -> constructs/ebsvolume -> .../provider-aws-go/...:
// move the plain check it needed into the construct's spec package.
func TestPlainPackagesStayPlain(t *testing.T) {
	if testing.Short() {
		t.Skip("lists the dependencies of the plain packages")
	}
	type pkg struct {
		ImportPath, ForTest string
		Imports             []string
	}
	imports := map[string][]string{}
	var roots []string
	for _, p := range goList[pkg](t, append([]string{"-test", "-deps"}, plainPackages...)...) {
		imports[p.ImportPath] = p.Imports
		for _, plain := range plainPackages {
			if p.ImportPath == plain || p.ForTest == plain {
				roots = append(roots, p.ImportPath)
			}
		}
	}
	if len(roots) < len(plainPackages) {
		t.Fatalf("go list found %d of the %d plain packages: %v", len(roots), len(plainPackages), roots)
	}
	for _, root := range roots {
		if chain := importChain(root, imports, func(path string) bool {
			for _, m := range cdktfModules {
				if path == m || strings.HasPrefix(path, m+"/") {
					return true
				}
			}
			return false
		}); chain != nil {
			t.Errorf("%s depends on the CDKTF bindings: %s", root, strings.Join(chain, " -> "))
		}
	}
}

// importChain is the shortest chain of imports from root to a package
// for which bad is true, or nil. Test variants appear as go list names
// them, "path [root.test]".
func importChain(root string, imports map[string][]string, bad func(string) bool) []string {
	from := map[string]string{root: ""}
	queue := []string{root}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if bad(strings.SplitN(p, " ", 2)[0]) {
			var chain []string
			for ; p != ""; p = from[p] {
				chain = append([]string{p}, chain...)
			}
			return chain
		}
		for _, q := range imports[p] {
			if _, seen := from[q]; !seen {
				from[q] = p
				queue = append(queue, q)
			}
		}
	}
	return nil
}

// goList runs go list -json with args in the module root and decodes
// each package it prints into a T.
func goList[T any](t *testing.T, args ...string) []T {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list", "-json"}, args...)...)
	cmd.Dir = moduleRoot(t)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []T
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var p T
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}
