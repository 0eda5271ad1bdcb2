package stacks

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/acme/landing-zone/constructs/costestimate"
)

const natStack = `{"provider": {"aws": [{"region": "us-east-1"}]},
 "resource": {"aws_nat_gateway": {"nat": {"subnet_id": "subnet-1"}}}}`

// TestPublishWritesTheCostEstimate publishes a staging directory as main
// does, JSON and HCL output, and finds both cost reports beside the policy
// reports, made with the model's assumptions.
func TestPublishWritesTheCostEstimate(t *testing.T) {
	for _, hcl := range []bool{false, true} {
		outdir := filepath.Join(t.TempDir(), "cdktf.out")
		staging, err := StagingDir(outdir)
		if err != nil {
			t.Fatal(err)
		}
		stackDir := filepath.Join(staging, "stacks", "workload-dev")
		if err := os.MkdirAll(stackDir, 0o755); err != nil {
			t.Fatal(err)
		}
		opts := PublishOptions{CostAssumptions: costestimate.Assumptions{"nat_gateway_gb": 10}}
		if hcl {
			writeCostFixture(t, filepath.Join(stackDir, "cdk.tf"), "# HCL\n")
			writeCostFixture(t, filepath.Join(staging, "manifest.json"), `{"stacks": {"workload-dev": {"synthesizedStackPath": "stacks/workload-dev/cdk.tf"}}}`)
			opts.HCLStackJSON = func(string) ([]byte, error) { return []byte(natStack), nil }
		} else {
			writeCostFixture(t, filepath.Join(stackDir, "cdk.tf.json"), natStack)
		}
		var got *costestimate.Estimate
		opts.CostEstimate = func(e *costestimate.Estimate) { got = e }
		if _, err := Publish(staging, outdir, opts); err != nil {
			t.Fatalf("hcl=%v: %v", hcl, err)
		}
		for _, f := range []string{CostReport, CostMarkdown, PolicyReport} {
			if _, err := os.Stat(filepath.Join(outdir, f)); err != nil {
				t.Errorf("hcl=%v: %v", hcl, err)
			}
		}
		if got == nil {
			t.Fatalf("hcl=%v: no estimate reported", hcl)
		}
		env, ok := got.Environment("dev")
		if !ok || env.FixedMonthly != 32.85 || env.UsageMonthly != 0.45 {
			t.Errorf("hcl=%v: dev = %+v", hcl, env)
		}
	}
}

func writeCostFixture(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
