package orgbaseline_test

import (
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/orgbaseline"
)

// An organization with a Security OU, a security account and the
// guardrails that deny leaving the organization and unused regions.
func ExampleNewOrganization() {
	app, stack, out := newStack("111111111111", "us-east-1")
	defer os.RemoveAll(out)
	o, err := orgbaseline.NewOrganization(stack, "organization", orgbaseline.OrganizationProps{
		OrganizationalUnits: []string{"Security"},
		Accounts: []orgbaseline.MemberAccount{
			{Name: "security", Email: "aws-security@example.com", OU: "Security", RoleName: "OrganizationAccountAccessRole"},
		},
		SecurityAccount: "security",
		Guardrails: map[string]orgbaseline.Guardrails{
			"Root": {RegionDeny: true, AllowedRegions: []string{"us-east-1", "eu-west-1"}, DenyLeaveOrganization: true},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(o.SCPs["Root"]), "SCP for Root")
	r := resources(app, out)
	fmt.Println(len(r["aws_organizations_account"]), "account,", len(r["aws_organizations_organizational_unit"]), "OU")
	// Output:
	// 1 SCP for Root
	// 1 account, 1 OU
}

// newStack is a stack with the AWS provider and its Env, in an app that
// synthesizes into a temporary directory.
func newStack(account, region string) (cdktf.App, cdktf.TerraformStack, string) {
	out, err := os.MkdirTemp("", "example-")
	if err != nil {
		log.Fatal(err)
	}
	app := cdktf.NewApp(&cdktf.AppConfig{Outdir: jsii.String(out)})
	stack := cdktf.NewTerraformStack(app, jsii.String("example"))
	provider.NewAwsProvider(stack, jsii.String("aws"), &provider.AwsProviderConfig{Region: jsii.String(region)})
	env, err := awsenv.New(account, region)
	if err != nil {
		log.Fatal(err)
	}
	if err := awsenv.Set(stack, env); err != nil {
		log.Fatal(err)
	}
	return app, stack, out
}

// resources synthesizes app and returns the stack's resources by type.
func resources(app cdktf.App, out string) map[string]map[string]any {
	app.Synth()
	data, err := os.ReadFile(filepath.Join(out, "stacks", "example", "cdk.tf.json"))
	if err != nil {
		log.Fatal(err)
	}
	var tf struct{ Resource map[string]map[string]any }
	if err := json.Unmarshal(data, &tf); err != nil {
		log.Fatal(err)
	}
	return tf.Resource
}
