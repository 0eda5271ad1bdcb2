package test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// moduleRoot is the checkout this test runs in.
func moduleRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// goEnv is the environment for go commands run on a module outside the
// checkout. GONOSUMDB: the checksum database reachable from the machines
// this project is built on has no entry for the two CDKTF modules (see
// README, Library); with the public proxy and sum.golang.org it is not
// needed.
func goEnv(extra ...string) []string {
	return append(os.Environ(), append([]string{
		"GOFLAGS=-mod=mod",
		"GOTOOLCHAIN=local",
		"GONOSUMDB=github.com/cdktf,github.com/hashicorp/terraform-cdk-go",
	}, extra...)...)
}

// runIn runs a command in dir and fails the test with its output.
func runIn(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s in %s: %v\n%s", name, strings.Join(args, " "), dir, err, out)
	}
	return string(out)
}

// readStack parses stack's cdk.tf.json under outdir.
func readStack(t *testing.T, outdir, stack string) synthesized {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(outdir, "stacks", stack, "cdk.tf.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s synthesized
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestLibraryFromAnotherModule uses the constructs from a throwaway module
// outside the checkout, as the README's Library section shows: a replace
// directive to the checkout, a plain go mod tidy, and a program that sets
// the Env after adding the provider and uses SecureBucket, NetworkHub and
// ServerlessOrders (whose handlers are built in that module). One more
// process that loads the provider.
func TestLibraryFromAnotherModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a program in another module")
	}
	root := moduleRoot(t)
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join(root, "test", "testdata", "consumer", "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	goMod := "module example.com/consumer\n\ngo " + strings.TrimPrefix(runtime.Version(), "go") + "\n\n" +
		"require github.com/acme/landing-zone v0.0.0\n\n" +
		"replace github.com/acme/landing-zone => " + root + "\n"
	for name, data := range map[string][]byte{"go.mod": []byte(goMod), "main.go": src} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := goEnv()
	runIn(t, dir, env, "go", "mod", "tidy")
	runIn(t, dir, env, "go", "build", "-o", "consumer", ".")
	out := filepath.Join(dir, "out")
	runIn(t, dir, os.Environ(), filepath.Join(dir, "consumer"), out)

	s := readStack(t, out, "shop")
	for typ, want := range map[string]int{"aws_lambda_function": 4, "aws_vpc": 1, "aws_dynamodb_table": 1} {
		if got := len(s.resources(typ)); got != want {
			t.Errorf("%s: %d, want %d", typ, got, want)
		}
	}
	if len(s.resources("aws_s3_bucket")) < 2 {
		t.Errorf("aws_s3_bucket: %d, want the data bucket and its log bucket at least", len(s.resources("aws_s3_bucket")))
	}
}

// TestInstalledCommandRunsAnywhere installs the command with go install
// and runs it in an empty directory, outside any Go module: the Lambda
// handlers' sources are found through the source tree the binary was built
// from (lambdapkg.Builder.Dir), and every stack is synthesized. One more
// process that loads the provider.
func TestInstalledCommandRunsAnywhere(t *testing.T) {
	if testing.Short() {
		t.Skip("installs and runs the command")
	}
	root := moduleRoot(t)
	gobin := t.TempDir()
	runIn(t, root, append(os.Environ(), "GOBIN="+gobin), "go", "install", ".")
	empty := t.TempDir()
	out := filepath.Join(empty, "out")
	stdout := runIn(t, empty, os.Environ(), filepath.Join(gobin, "landing-zone"), "-out", out)
	if !strings.Contains(stdout, "synthesized") {
		t.Errorf("output does not say it synthesized:\n%s", stdout)
	}
	// Every Lambda function the example has, each built from the
	// handlers' sources found outside the working directory.
	_, parsed := exampleOrg(t)
	want := len(parsed["workload-prod"].resources("aws_lambda_function"))
	if got := len(readStack(t, out, "workload-prod").resources("aws_lambda_function")); got != want || got == 0 {
		t.Errorf("workload-prod has %d functions, want %d", got, want)
	}
}
