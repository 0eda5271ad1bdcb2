package test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/acme/landing-zone/constructs/lazyindex"
)

// BenchmarkSynth times whole processes, because the cost that matters is
// per process: starting the jsii runtime and loading the AWS provider. It
// compares, in one run on one machine:
//
//   - floor: a process that loads the provider and synthesizes an empty stack
//   - example-org: `landing-zone` synthesizing every stack of the example
//
// each with the provider's module index lazy (the default) and eager (a
// separate package cache, with LANDINGZONE_LAZY_INDEX=0). Run it with
//
//	go test ./test -run '^$' -bench Synth -benchtime 5x
//
// One untimed run of each warms its cache first.
func BenchmarkSynth(b *testing.B) {
	bin := b.TempDir()
	build := func(name, pkg string) string {
		out := filepath.Join(bin, name)
		cmd := exec.Command("go", "build", "-o", out, pkg)
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			b.Fatalf("go build %s: %v", pkg, err)
		}
		return out
	}
	floor := build("floor", "github.com/acme/landing-zone/test/floor")
	app := build("landing-zone", "github.com/acme/landing-zone")
	eagerCache := filepath.Join(bin, "eager-cache")
	lazyCache, err := lazyindex.CacheRoot()
	if err != nil {
		b.Fatal(err)
	}

	modes := []struct {
		name string
		env  []string
	}{
		{"lazy", []string{"JSII_RUNTIME_PACKAGE_CACHE_ROOT=" + lazyCache}},
		{"eager", []string{"JSII_RUNTIME_PACKAGE_CACHE_ROOT=" + eagerCache, lazyindex.EnvVar + "=0"}},
	}
	programs := []struct {
		name string
		args func(out string) []string
		path string
	}{
		{"floor", func(out string) []string { return []string{out} }, floor},
		{"example-org", func(out string) []string { return []string{"-out", out} }, app},
	}
	for _, p := range programs {
		for _, m := range modes {
			b.Run(p.name+"/"+m.name, func(b *testing.B) {
				run := func() {
					out := filepath.Join(b.TempDir(), "out")
					cmd := exec.Command(p.path, p.args(out)...)
					cmd.Env = append(os.Environ(), append(m.env, "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20")...)
					if msg, err := cmd.CombinedOutput(); err != nil {
						b.Fatalf("%s: %v\n%s", p.name, err, msg)
					}
				}
				run() // warm the package cache (and make it lazy)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					run()
				}
			})
		}
	}
}
