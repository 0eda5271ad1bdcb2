package policycheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// exampleStacks reads the golden files of the example organization, which
// the synth tests in test/ keep up to date: each is a stack's cdk.tf.json as
// app.Synth writes it, construct paths and suppressions included. Reading
// them keeps this package's tests free of jsii.
func exampleStacks(t testing.TB) map[string][]byte {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "..", "test", "testdata", "*.golden.json"))
	if len(files) == 0 {
		t.Skip("no golden files of the example organization")
	}
	out := map[string][]byte{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".golden.json")] = data
	}
	return out
}

// TestExampleOrganizationPasses: our own constructs pass the pack with no
// error.
func TestExampleOrganizationPasses(t *testing.T) {
	for stack, data := range exampleStacks(t) {
		rep, err := Check(stack, data, Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Log(rep.Summary())
		for _, f := range rep.Findings {
			if f.Severity == Warning || f.Suppressed {
				t.Log("  ", f)
			}
		}
		if err := rep.Err(); err != nil {
			t.Errorf("%s:\n%v", stack, err)
		}
	}
}

func BenchmarkCheckExampleOrganization(b *testing.B) {
	stacks := exampleStacks(b)
	resources := 0
	for b.Loop() {
		resources = 0
		for stack, data := range stacks {
			rep, err := Check(stack, data, Options{})
			if err != nil {
				b.Fatal(err)
			}
			resources += rep.Resources
		}
	}
	b.ReportMetric(float64(resources), "resources")
}
