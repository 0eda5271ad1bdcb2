package test

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/costestimate"
	"github.com/acme/landing-zone/stacks"
	"github.com/acme/landing-zone/stacks/org"
)

// Golden estimate of the example organization. Not named *.golden.json:
// TestGolden takes those for stacks.
var (
	costGoldenJSON = filepath.Join("testdata", "cost-estimate", "example.json")
	costGoldenMD   = filepath.Join("testdata", "cost-estimate", "example.md")
)

func estimateOf(t *testing.T, raw map[string]string, a costestimate.Assumptions) *costestimate.Estimate {
	t.Helper()
	in := map[string][]byte{}
	for name, data := range raw {
		in[name] = []byte(data)
	}
	est, err := costestimate.EstimateAll(in, a)
	if err != nil {
		t.Fatal(err)
	}
	return est
}

// TestCostEstimate pins the example organization's monthly estimate, as
// cost-estimate.json and cost-estimate.md. Other changes to the stacks
// change it: `go test ./test -run TestCostEstimate -update` rewrites it;
// read the diff, and the README's "Cost estimate" figures, before
// committing.
func TestCostEstimate(t *testing.T) {
	raw, _ := exampleOrg(t)
	est := estimateOf(t, raw, org.Example().CostAssumptions)
	gotJSON, err := est.JSON()
	if err != nil {
		t.Fatal(err)
	}
	gotMD := est.Markdown()
	checkREADMECostTable(t, est)
	if *update {
		if err := os.MkdirAll(filepath.Dir(costGoldenJSON), 0o755); err != nil {
			t.Fatal(err)
		}
		for path, data := range map[string][]byte{costGoldenJSON: gotJSON, costGoldenMD: []byte(gotMD)} {
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	wantJSON, err := os.ReadFile(costGoldenJSON)
	if err != nil {
		t.Fatalf("%v (run `go test ./test -run TestCostEstimate -update` to create it)", err)
	}
	var g, w any
	if err := json.Unmarshal(gotJSON, &g); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(wantJSON, &w); err != nil {
		t.Fatalf("%s: %v", costGoldenJSON, err)
	}
	if diffs := jsonDiff("", w, g); len(diffs) > 0 {
		// Name what moved per environment before the raw differences.
		var prev costestimate.Estimate
		if err := json.Unmarshal(wantJSON, &prev); err == nil {
			for _, env := range est.Environments {
				old, ok := prev.Environment(env.Name)
				switch {
				case !ok:
					diffs = append([]string{"new environment " + env.Name}, diffs...)
				case old.FixedMonthly != env.FixedMonthly || old.UsageMonthly != env.UsageMonthly:
					diffs = append([]string{fmt.Sprintf("%s: fixed %.2f -> %.2f, usage %.2f -> %.2f USD/month", env.Name, old.FixedMonthly, env.FixedMonthly, old.UsageMonthly, env.UsageMonthly)}, diffs...)
				}
			}
		}
		if len(diffs) > 20 {
			diffs = diffs[:20]
		}
		t.Errorf("the example's cost estimate differs from %s (if intended: go test ./test -run TestCostEstimate -update rewrites it and the README's figures; review the diff):\n  %s", costGoldenJSON, strings.Join(diffs, "\n  "))
	}
	wantMD, err := os.ReadFile(costGoldenMD)
	if err != nil {
		t.Fatal(err)
	}
	if string(wantMD) != gotMD {
		t.Errorf("cost-estimate.md of the example differs from %s (if intended: go test ./test -run TestCostEstimate -update)", costGoldenMD)
	}
}

// TestCostEstimateCoversEveryResourceType proves that no resource type of
// the example organization, nor of the variant with the options the example
// leaves off, is silently unpriced: each is priced, usage-priced or free,
// and nothing is listed as unpriced. A new resource type fails here until
// it is added to costestimate's catalog or free list.
func TestCostEstimateCoversEveryResourceType(t *testing.T) {
	raw, _ := exampleOrg(t)
	variant := map[string]string{}
	for name, s := range variantOrg(t) {
		data, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		variant[name] = string(data)
	}
	for what, stacksJSON := range map[string]map[string]string{"example": raw, "variant": variant} {
		est := estimateOf(t, stacksJSON, nil)
		classes := map[costestimate.Class][]string{}
		seen := map[string]bool{}
		for _, s := range est.Stacks {
			for _, u := range s.Unpriced {
				t.Errorf("%s: stack %s: %s is unpriced: %s", what, s.Stack, u.Address, u.Reason)
			}
			for typ := range s.Types {
				if seen[typ] {
					continue
				}
				seen[typ] = true
				c := costestimate.Classify(typ)
				if c == costestimate.Unknown {
					t.Errorf("%s: stack %s: resource type %s is neither priced, usage-priced nor free", what, s.Stack, typ)
				}
				classes[c] = append(classes[c], typ)
			}
		}
		for c, types := range classes {
			sort.Strings(types)
			t.Logf("%s: %d %s types: %s", what, len(types), c, strings.Join(types, ", "))
		}
		if len(classes[costestimate.Priced]) == 0 || len(classes[costestimate.Usage]) == 0 || len(classes[costestimate.Free]) == 0 {
			t.Errorf("%s: expected priced, usage and free types, got %v", what, classes)
		}
	}
}

// TestCostEstimateFollowsTheModel changes the model the way a platform team
// would and checks that the estimate moves by exactly what AWS would
// charge: production with one NAT gateway instead of one per zone, and a
// reader more in staging. It synthesizes once and publishes like main, so
// it also proves that every synth writes both reports beside the policy
// reports.
func TestCostEstimateFollowsTheModel(t *testing.T) {
	raw, _ := exampleOrg(t)
	base := estimateOf(t, raw, nil)

	o := org.Example()
	prod := &o.Environments[2]
	staging := &o.Environments[1]
	if prod.Name != "prod" || staging.Name != "staging" || prod.VPC.NAT != org.NATPerAZ {
		t.Fatalf("the example changed: %s %s %s", prod.Name, staging.Name, prod.VPC.NAT)
	}
	zones := prod.VPC.AZCount
	prod.VPC.NAT = org.NATSingle
	readers := *staging.Database.ReaderCount + 1
	staging.Database.ReaderCount = &readers
	if staging.Database.AutoscalingMaxReaders < readers {
		staging.Database.AutoscalingMaxReaders = readers + 1
	}
	readerClass := staging.Database.ReaderInstanceClass
	o.CostAssumptions = costestimate.Assumptions{"nat_gateway_gb": 100}
	if err := o.Validate("changed example"); err != nil {
		t.Fatal(err)
	}

	outdir := filepath.Join(t.TempDir(), "cdktf.out")
	staged, err := stacks.StagingDir(outdir)
	if err != nil {
		t.Fatal(err)
	}
	app := cdktf.NewApp(&cdktf.AppConfig{Outdir: jsii.String(staged)})
	if _, err := stacks.Build(app, o, stacks.Options{}); err != nil {
		t.Fatal(err)
	}
	app.Synth()
	var changed *costestimate.Estimate
	if _, err := stacks.Publish(staged, outdir, stacks.PublishOptions{
		CostAssumptions: o.CostAssumptions,
		CostEstimate:    func(e *costestimate.Estimate) { changed = e },
	}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{stacks.CostReport, stacks.CostMarkdown, stacks.PolicyReport} {
		if _, err := os.Stat(filepath.Join(outdir, f)); err != nil {
			t.Errorf("synth did not write %s: %v", f, err)
		}
	}
	if changed == nil {
		t.Fatal("Publish did not report the estimate")
	}
	written, err := costestimate.EstimateOutdir(outdir, o.CostAssumptions)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(outdir, stacks.CostReport))
	want, _ := written.JSON()
	if string(data) != string(want) {
		t.Error("cost-estimate.json is not the estimate of the published stacks")
	}

	month := float64(costestimate.HoursPerMonth)
	env := func(e *costestimate.Estimate, name string) *costestimate.EnvironmentEstimate {
		t.Helper()
		v, ok := e.Environment(name)
		if !ok {
			t.Fatalf("no environment %s", name)
		}
		return v
	}
	driver := func(e *costestimate.Estimate, stack, what string) float64 {
		s, ok := e.Stack(stack)
		if !ok {
			t.Fatalf("no stack %s", stack)
		}
		sum := 0.0
		for _, it := range s.Fixed {
			if it.Driver == what {
				sum += it.Monthly
			}
		}
		return sum
	}
	const natHour, ipv4Hour = 0.045, 0.005 // us-east-1, prices.go
	extraNATs := float64(zones - 1)

	// NAT per zone vs single: (zones-1) x NAT hourly x 730 on the NAT
	// gateways, and their Elastic IPs go with them.
	if got, want := driver(base, "workload-prod", "NAT gateway")-driver(changed, "workload-prod", "NAT gateway"), extraNATs*natHour*month; math.Abs(got-want) > 0.005 {
		t.Errorf("NAT gateways: per-az minus single = %.2f, want (zones-1) x %.3f x 730 = %.2f", got, natHour, want)
	}
	if got, want := env(base, "prod").FixedMonthly-env(changed, "prod").FixedMonthly, extraNATs*(natHour+ipv4Hour)*month; math.Abs(got-want) > 0.005 {
		t.Errorf("prod fixed: per-az minus single = %.2f, want (zones-1) x (NAT %.3f + public IPv4 %.3f) x 730 = %.2f", got, natHour, ipv4Hour, want)
	}
	// One reader more: one instance of the reader class for a month.
	readerMonthly := 0.073 * month // db.t4g.medium, us-east-1, prices.go
	if readerClass != "db.t4g.medium" {
		t.Fatalf("staging's reader class is %s; update the expected price", readerClass)
	}
	if got := env(changed, "staging").FixedMonthly - env(base, "staging").FixedMonthly; math.Abs(got-readerMonthly) > 0.005 {
		t.Errorf("staging fixed with a reader more: +%.2f, want one %s month = %.2f", got, readerClass, readerMonthly)
	}
	// Nothing else moved.
	for _, name := range []string{"dev", costestimate.SharedEnvironment} {
		if a, b := env(base, name).FixedMonthly, env(changed, name).FixedMonthly; a != b {
			t.Errorf("%s fixed changed from %.2f to %.2f", name, a, b)
		}
	}
	// The assumption is applied to the one NAT gateway left.
	if got, want := env(changed, "prod").UsageMonthly, 100*natHour; math.Abs(got-want) > 0.005 {
		t.Errorf("prod usage with nat_gateway_gb 100 = %.2f, want %.2f", got, want)
	}
}

// The README's table of the example's estimate sits between these markers.
const (
	readmeCostBegin = "<!-- cost-estimate:begin (generated: go test ./test -run TestCostEstimate -update) -->\n"
	readmeCostEnd   = "<!-- cost-estimate:end -->\n"
)

// checkREADMECostTable keeps the README's summary lines and per-environment
// table equal to the example's estimate; -update rewrites them.
func checkREADMECostTable(t *testing.T, est *costestimate.Estimate) {
	t.Helper()
	path := filepath.Join("..", "README.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	begin := strings.Index(readme, readmeCostBegin)
	end := strings.Index(readme, readmeCostEnd)
	if begin < 0 || end < begin {
		t.Fatalf("README.md lacks the cost estimate markers %q ... %q", readmeCostBegin, readmeCostEnd)
	}
	begin += len(readmeCostBegin)
	want := "```\n" + est.Summary() + "```\n\n" + est.EnvironmentTable()
	if readme[begin:end] == want {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(readme[:begin]+want+readme[end:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's cost estimate table is stale; regenerate it: go test ./test -run TestCostEstimate -update\nwant:\n%s", want)
}
