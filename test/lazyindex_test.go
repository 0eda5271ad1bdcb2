package test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/lazyindex"
	"github.com/acme/landing-zone/stacks"
	"github.com/acme/landing-zone/stacks/org"
)

// childEnv makes this test binary synthesize the example organization into
// the named file and exit: the index is read once per process, so comparing
// lazy with eager takes two processes.
const childEnv = "LANDINGZONE_TEST_SYNTH_TO"

// runChildIfAsked is called from TestMain before anything else.
func runChildIfAsked() {
	out := os.Getenv(childEnv)
	if out == "" {
		return
	}
	lazyindex.Enable()
	raw, _ := synthOrg(childT{}, org.Example(), stacks.Options{})
	data, err := json.Marshal(raw)
	if err == nil {
		err = os.WriteFile(out, data, 0o600)
	}
	// jsii.Close removes the runtime's temporary folder.
	jsii.Close()
	if err != nil {
		os.Stderr.WriteString(err.Error())
		os.Exit(1)
	}
	os.Exit(0)
}

// childT lets synthOrg run outside a test.
type childT struct{ testing.TB }

func (childT) Helper() {}
func (childT) Fatalf(format string, args ...any) {
	os.Stderr.WriteString("synth failed\n")
	os.Exit(1)
}

// TestLazyAndEagerIndexSynthesizeTheSameJSON synthesizes every stack of the
// example in a process whose provider index is eager (its own package cache,
// with the rewrite turned off) and in one whose index is lazy, and requires
// byte-identical Terraform JSON.
func TestLazyAndEagerIndexSynthesizeTheSameJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two processes")
	}
	cacheDir, err := os.UserCacheDir()
	require.NoError(t, err)
	// Kept between runs: the first extraction of the provider takes ~20 s.
	eagerCache := filepath.Join(cacheDir, "landing-zone", "jsii-eager-package-cache")
	require.NoError(t, os.MkdirAll(eagerCache, 0o700))
	lazyCache, err := lazyindex.CacheRoot()
	require.NoError(t, err)

	synth := func(mode string, env ...string) map[string]string {
		out := filepath.Join(t.TempDir(), mode+".json")
		cmd := exec.Command(os.Args[0], "-test.run", "^$")
		cmd.Env = append(os.Environ(), append(env, childEnv+"="+out)...)
		msg, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s child: %s", mode, msg)
		var got map[string]string
		data, err := os.ReadFile(out)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(data, &got))
		return got
	}
	eager := synth("eager", "JSII_RUNTIME_PACKAGE_CACHE_ROOT="+eagerCache, lazyindex.EnvVar+"=0")
	lazy := synth("lazy", "JSII_RUNTIME_PACKAGE_CACHE_ROOT="+lazyCache)

	require.Equal(t, len(eager), len(lazy))
	for name, js := range eager {
		assert.True(t, js == lazy[name], "stack %s differs between the eager and the lazy index", name)
	}
	assert.False(t, indexIsLazy(t, eagerCache), "the eager run really used an eager index")
	if os.Getenv(lazyindex.EnvVar) != "0" {
		assert.True(t, indexIsLazy(t, lazyCache), "the lazy run really used a lazy index")
	}
}

func indexIsLazy(t *testing.T, root string) bool {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(root, "@cdktf", "provider-aws", "*", "*", "lib", "index.js"))
	require.NoError(t, err)
	require.NotEmpty(t, files, "no provider package under %s", root)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		if !strings.HasPrefix(string(data), "// lazyindex:") {
			return false
		}
	}
	return true
}
