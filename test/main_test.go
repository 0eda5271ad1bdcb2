// Package test holds every test that synthesizes stacks. They share one
// process, because each process that loads the AWS provider pays seconds for
// it: keep synth tests here, and plain-Go tests beside their packages.
package test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/lazyindex"
	"github.com/acme/landing-zone/stacks"
	"github.com/acme/landing-zone/stacks/org"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/ (review the diff before committing)")

func TestMain(m *testing.M) {
	runChildIfAsked()
	runHCLChildIfAsked()
	lazyindex.Enable()
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

// synthesized is a stack's Terraform JSON, parsed.
type synthesized map[string]any

// resources returns the resources of one type, by name.
func (s synthesized) resources(typ string) map[string]map[string]any {
	out := map[string]map[string]any{}
	all, _ := s["resource"].(map[string]any)
	byName, _ := all[typ].(map[string]any)
	for name, r := range byName {
		out[name], _ = r.(map[string]any)
	}
	return out
}

// synthOrg builds every stack of o in an app like main's and synthesizes it
// to disk, returning each stack's cdk.tf.json as written: cross-stack
// references and construct metadata included, exactly what users get.
func synthOrg(t testing.TB, o *org.Organization, opts stacks.Options) (map[string]string, map[string]synthesized) {
	t.Helper()
	raw, parsed, _ := synthOrgManifest(t, o, opts)
	return raw, parsed
}

// manifest is what cdktf.out/manifest.json says of each stack (deps: the
// dependencies cdktf deploy orders stacks by) and the stacks Build made.
type manifest struct {
	deps   map[string][]string
	stacks []stacks.StackInfo
}

// synthOrgManifest is synthOrg that also returns the manifest's
// dependencies of each stack.
func synthOrgManifest(t testing.TB, o *org.Organization, opts stacks.Options) (map[string]string, map[string]synthesized, manifest) {
	t.Helper()
	dir, err := os.MkdirTemp("", "landing-zone-synth-")
	if err != nil {
		t.Fatalf("temp dir: %v", err)
	}
	defer os.RemoveAll(dir)
	app := cdktf.NewApp(&cdktf.AppConfig{Outdir: jsii.String(dir)})
	res, err := stacks.Build(app, o, opts)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	app.Synth()
	raw := map[string]string{}
	parsed := map[string]synthesized{}
	for _, s := range res.Stacks {
		data, err := os.ReadFile(filepath.Join(dir, "stacks", s.Name, "cdk.tf.json"))
		if err != nil {
			t.Fatalf("stack %s: %v", s.Name, err)
		}
		raw[s.Name] = string(data)
		var p synthesized
		if err := json.Unmarshal(data, &p); err != nil {
			t.Fatalf("stack %s: %v", s.Name, err)
		}
		parsed[s.Name] = p
	}
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatalf("manifest: %v", err)
	}
	var m struct {
		Stacks map[string]struct {
			Dependencies []string `json:"dependencies"`
		} `json:"stacks"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("manifest: %v", err)
	}
	man := manifest{deps: map[string][]string{}, stacks: res.Infos()}
	for name, s := range m.Stacks {
		man.deps[name] = s.Dependencies
	}
	return raw, parsed, man
}

var example struct {
	once     sync.Once
	raw      map[string]string
	parsed   map[string]synthesized
	manifest manifest
}

// exampleOrg synthesizes the built-in example once for all tests.
func exampleOrg(t testing.TB) (map[string]string, map[string]synthesized) {
	t.Helper()
	example.once.Do(func() {
		example.raw, example.parsed, example.manifest = synthOrgManifest(t, org.Example(), stacks.Options{})
	})
	if example.parsed == nil {
		t.Fatal("synthesizing the example organization failed earlier")
	}
	return example.raw, example.parsed
}

// newTestStack makes an empty stack in a fresh test app, with the AWS
// provider and awsenv set, for construct-level tests.
func newTestStack(t testing.TB, accountID, region string) cdktf.TerraformStack {
	t.Helper()
	env, err := awsenv.New(accountID, region)
	if err != nil {
		t.Fatal(err)
	}
	st := cdktf.NewTerraformStack(testApp(t), jsii.String("test"))
	if err := awsenv.Set(st, env); err != nil {
		t.Fatal(err)
	}
	provider.NewAwsProvider(st, jsii.String("aws"), &provider.AwsProviderConfig{Region: jsii.String(region)})
	return st
}

// testApp is cdktf's testing app with its output directory in the test's
// own temporary directory: given none, cdktf makes a cdktf.outdir.* folder
// in the system's for every app and never removes it.
func testApp(t testing.TB) cdktf.App {
	t.Helper()
	return cdktf.Testing_App(&cdktf.TestingAppConfig{Outdir: jsii.String(t.TempDir())})
}

// synthStack synthesizes one stack and parses it.
func synthStack(t testing.TB, st cdktf.TerraformStack) synthesized {
	t.Helper()
	var s synthesized
	if err := json.Unmarshal([]byte(*cdktf.Testing_Synth(st, jsii.Bool(true))), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

var variant struct {
	once     sync.Once
	parsed   map[string]synthesized
	manifest manifest
}

// variantOrg synthesizes, once for all tests, the example with the options
// the example leaves off: HCP Terraform state (backend cloud), a VPC peering between dev and
// staging, extra Config rules, a management account that has its
// service-linked roles already, internet egress for dev's app tier, and
// dev's hosted zone made in its stack. One synth serves several tests, since
// each costs seconds.
func variantOrg(t testing.TB) map[string]synthesized {
	t.Helper()
	variant.once.Do(func() {
		o := variantModel(t)
		_, variant.parsed, variant.manifest = synthOrgManifest(t, o, stacks.Options{})
	})
	if variant.parsed == nil {
		t.Fatal("synthesizing the variant organization failed earlier")
	}
	return variant.parsed
}

// variantModel is the variant organization's model (see variantOrg).
func variantModel(t testing.TB) *org.Organization {
	t.Helper()
	o := org.Example()
	o.Network.Peerings = []org.Peering{{Requester: "dev", Accepter: "staging"}}
	o.ConfigRules = []string{"RDS_SNAPSHOTS_PUBLIC_PROHIBITED", "ENCRYPTED_VOLUMES"}
	o.Accounts[0].ExistingServiceLinkedRoles = []string{org.ServiceLinkedConfig, org.ServiceLinkedAutoScaling, org.ServiceLinkedSpot, org.ServiceLinkedEC2Fleet}
	o.Environments[0].VPC.AppInternetEgress = &org.InternetEgress{Reason: "calls the payment provider's API"}
	// dev's hosted zone is made in its stack (dns.create_zone).
	o.Environments[0].DNS = &org.DNS{ZoneName: o.Environments[0].DNS.ZoneName, CreateZone: true}
	o.Backend = org.Backend{Type: org.BackendCloud, Organization: "acme-platform", Project: "landing-zone", WorkspacePrefix: "acme-lz"}
	// Storage options the example leaves out: dev without backups and
	// with a throughput-optimised volume; staging copying to the DR
	// region into locked vaults, with a reservation for the image function.
	dev, staging := &o.Environments[0], &o.Environments[1]
	dev.Backup = org.Backup{Disabled: true, DisabledReason: "throwaway data; rebuilt from fixtures"}
	dev.Volumes = []org.Volume{{Name: "logs", AvailabilityZone: "us-east-1b", SizeGiB: 500, Type: "st1"}}
	staging.DRRegion = "us-west-2"
	staging.Backup.Lock = &org.VaultLock{MinRetentionDays: 1, MaxRetentionDays: 400}
	staging.Backup.DailySchedule = "cron(30 2 ? * * *)"
	staging.Orders.LambdaConcurrencyQuota = 1000
	staging.Images.ReservedConcurrency = 5
	if err := o.Validate("variant"); err != nil {
		t.Fatalf("variant organization: %v", err)
	}
	return o
}
