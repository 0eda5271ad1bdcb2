package test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3bucket"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/policycheck"
	"github.com/acme/landing-zone/constructs/suppress"
	"github.com/acme/landing-zone/stacks"
	"github.com/acme/landing-zone/stacks/org"
)

// publishApp synthesizes app's stacks the way main does and publishes them
// to outdir through the policy checks.
func publishApp(t *testing.T, outdir string, build func(app cdktf.App)) (*policycheck.Report, error) {
	t.Helper()
	staging, err := stacks.StagingDir(outdir)
	require.NoError(t, err)
	app := cdktf.NewApp(&cdktf.AppConfig{Outdir: jsii.String(staging)})
	build(app)
	app.Synth()
	return stacks.Publish(staging, outdir, stacks.PublishOptions{})
}

func TestExampleOrganizationPassesThePolicyChecks(t *testing.T) {
	outdir := filepath.Join(t.TempDir(), "cdktf.out")
	rep, err := publishApp(t, outdir, func(app cdktf.App) {
		_, err := stacks.Build(app, org.Example(), stacks.Options{})
		require.NoError(t, err)
	})
	require.NoError(t, err)
	assert.Equal(t, 0, rep.Errors(), rep.Summary())
	assert.Len(t, rep.Stacks, 14, "every stack, security-rules and spoke-routes-* included")
	for _, f := range []string{stacks.PolicyReport, stacks.PolicySARIF, "manifest.json"} {
		assert.FileExists(t, filepath.Join(outdir, f))
	}
	var sarif struct {
		Version string `json:"version"`
		Schema  string `json:"$schema"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID               string                `json:"id"`
						ShortDescription struct{ Text string } `json:"shortDescription"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
		} `json:"runs"`
	}
	data, err := os.ReadFile(filepath.Join(outdir, stacks.PolicySARIF))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &sarif))
	assert.Equal(t, "2.1.0", sarif.Version)
	assert.Contains(t, sarif.Schema, "sarif-schema-2.1.0")
	require.Len(t, sarif.Runs, 1)
	assert.NotEmpty(t, sarif.Runs[0].Tool.Driver.Name)
	assert.GreaterOrEqual(t, len(sarif.Runs[0].Tool.Driver.Rules), 40)
	for _, r := range sarif.Runs[0].Tool.Driver.Rules {
		assert.NotEmpty(t, r.ID)
		assert.NotEmpty(t, r.ShortDescription.Text, r.ID)
	}
}

// plainBucketStack is a stack holding one bare S3 bucket, which the S3 rules
// reject, so that suppressions have something to suppress.
func plainBucketStack(t testing.TB, app cdktf.App, reason string) cdktf.TerraformStack {
	env, err := awsenv.New(testAccount, testRegion)
	require.NoError(t, err)
	st := cdktf.NewTerraformStack(app, jsii.String("bare"))
	awsenv.Set(st, env)
	provider.NewAwsProvider(st, jsii.String("aws"), &provider.AwsProviderConfig{Region: jsii.String(testRegion)})
	b := s3bucket.NewS3Bucket(st, jsii.String("bare"), &s3bucket.S3BucketConfig{Bucket: jsii.String("bare-bucket")})
	if reason != "-" {
		// Written by hand, as a user could, to prove the checks refuse an
		// empty reason even past the helper.
		b.AddOverride(jsii.String("//.suppressions.S3-1"), reason)
	}
	return st
}

func TestPolicyChecksStopSynth(t *testing.T) {
	tests := []struct {
		name, reason string
		wantErr      string
		wantOut      bool
	}{
		{"unsuppressed errors", "-", "S3-", false},
		{"suppression without a reason", "", "LZ-SUPPRESS-1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			outdir := filepath.Join(t.TempDir(), "cdktf.out")
			rep, err := publishApp(t, outdir, func(app cdktf.App) { plainBucketStack(t, app, tt.reason) })
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
			assert.Contains(t, err.Error(), "bare/bare", "the message names the construct path")
			assert.NoDirExists(t, outdir, "nothing is published when a rule fails")
			require.NotNil(t, rep)
			assert.Greater(t, rep.Errors(), 0)
			entries, _ := os.ReadDir(filepath.Dir(outdir))
			assert.Empty(t, entries, "the staging directory is cleaned up")
		})
	}
}

func TestSuppressionsAreReported(t *testing.T) {
	dir := t.TempDir()
	app := cdktf.NewApp(&cdktf.AppConfig{Outdir: jsii.String(dir)})
	plainBucketStack(t, app, "-")
	st := app.Node().FindChild(jsii.String("bare")).(cdktf.TerraformStack)
	b := s3bucket.NewS3Bucket(st, jsii.String("b"), &s3bucket.S3BucketConfig{})
	assert.ErrorContains(t, suppress.Rule(b, "S3-1", " "), "a suppression needs a reason")
	assert.ErrorContains(t, suppress.Rule(b, "nope", "x"), `rule "nope"`)
	require.NoError(t, suppress.Rule(b, "S3-1", "access is logged by CloudTrail data events"))
	app.Synth()
	data, err := os.ReadFile(filepath.Join(dir, "stacks", "bare", "cdk.tf.json"))
	require.NoError(t, err)

	rep, err := policycheck.Check("bare", data, policycheck.Options{})
	require.NoError(t, err)
	require.Len(t, rep.Suppressions, 1, "every suppression is in the report")
	assert.Equal(t, "access is logged by CloudTrail data events", rep.Suppressions[0].Reason)
	assert.Equal(t, "bare/b", rep.Suppressions[0].Path)
	assert.Equal(t, 1, rep.Suppressed())
	assert.Contains(t, rep.Summary(), "1 suppressed")
}

// hclChildEnv makes the test binary a child that synthesizes one stack with
// HCL output into the directory it names (prefix "bad:" for a stack that
// fails the checks) and exits. HCL output needs SYNTH_HCL_OUTPUT in the jsii
// runtime from its start, so it cannot be tested in this process.
const hclChildEnv = "LANDINGZONE_TEST_HCL_CHILD"

// runHCLChildIfAsked is called from TestMain.
func runHCLChildIfAsked() {
	arg, ok := os.LookupEnv(hclChildEnv)
	if !ok {
		return
	}
	outdir, bad := strings.CutPrefix(arg, "bad:")
	t := childT{}
	staging, err := stacks.StagingDir(outdir)
	if err == nil {
		app := cdktf.NewApp(&cdktf.AppConfig{Outdir: jsii.String(staging)})
		var st cdktf.TerraformStack
		if bad {
			st = plainBucketStack(t, app, "-")
		} else {
			st = plainBucketStack(t, app, "-")
			b := st.Node().FindChild(jsii.String("bare")).(s3bucket.S3Bucket)
			for _, rule := range []string{"S3-1", "S3-2", "S3-3", "S3-4", "S3-5", "S3-6", "S3-7", "S3-8"} {
				// Suppressed findings prove the checks ran on this stack.
				suppress.Rule(b, rule, "a fixture")
			}
		}
		app.Synth()
		_, err = stacks.Publish(staging, outdir, stacks.PublishOptions{
			HCLStackJSON: func(string) ([]byte, error) { return stacks.TerraformJSON(st) },
		})
	}
	jsii.Close() // removes the runtime's temporary folder
	if err != nil {
		os.Stderr.WriteString(err.Error())
		os.Exit(1)
	}
	os.Exit(0)
}

// TestHCLOutput publishes the way `cdktf synth --hcl` asks: cdktf writes
// cdk.tf, the checks judge the same stack's JSON, and the reports name the
// files that exist; a stack that fails the checks is not published.
func TestHCLOutput(t *testing.T) {
	child := func(arg string) (string, error) {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "SYNTH_HCL_OUTPUT=true", hclChildEnv+"="+arg)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	outdir := filepath.Join(t.TempDir(), "cdktf.out")
	out, err := child(outdir)
	require.NoError(t, err, out)

	hcl, err := os.ReadFile(filepath.Join(outdir, "stacks", "bare", "cdk.tf"))
	require.NoError(t, err)
	assert.Contains(t, string(hcl), `resource "aws_s3_bucket" "bare"`, "HCL, not JSON")
	assert.NoFileExists(t, filepath.Join(outdir, "stacks", "bare", "cdk.tf.json"))
	var rep struct {
		Stacks []struct {
			File       string
			Suppressed int
		}
	}
	data, err := os.ReadFile(filepath.Join(outdir, stacks.PolicyReport))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &rep), string(data))
	require.Len(t, rep.Stacks, 1)
	assert.Equal(t, "stacks/bare/cdk.tf", rep.Stacks[0].File)
	assert.Greater(t, rep.Stacks[0].Suppressed, 0, "the checks judged the stack")
	sarif, err := os.ReadFile(filepath.Join(outdir, stacks.PolicySARIF))
	require.NoError(t, err)
	assert.NotContains(t, string(sarif), "cdk.tf.json", "the reports name the files that exist")

	bad := filepath.Join(t.TempDir(), "cdktf.out")
	out, err = child("bad:" + bad)
	assert.Error(t, err)
	assert.Contains(t, out, "S3-", "HCL output is no way around the checks")
	assert.NoDirExists(t, bad)
}
