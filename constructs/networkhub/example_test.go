package networkhub_test

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
	"github.com/acme/landing-zone/constructs/awsregion"
	"github.com/acme/landing-zone/constructs/networkhub"
	"github.com/acme/landing-zone/constructs/networkhub/netplan"
)

// A three-tier VPC over two zones with one NAT gateway; the subnet plan is
// plain Go, known before synth.
func ExampleNewVPC() {
	app, stack, out := newStack("123456789012", "eu-west-1")
	defer os.RemoveAll(out)
	region, err := awsregion.Lookup("eu-west-1")
	if err != nil {
		log.Fatal(err)
	}
	vpc, err := networkhub.NewVPC(stack, "vpc", networkhub.VPCProps{
		Name: "shop-prod", CIDR: "10.40.0.0/16", Zones: region.Zones(2), NAT: networkhub.NATSingle,
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, tier := range netplan.Tiers {
		fmt.Println(tier, vpc.Subnets[tier][0].CIDR, vpc.Subnets[tier][1].CIDR)
	}
	r := resources(app, out)
	fmt.Println(len(r["aws_subnet"]), "subnets,", len(r["aws_nat_gateway"]), "NAT gateway")
	// Output:
	// public 10.40.120.0/22 10.40.124.0/22
	// private 10.40.0.0/19 10.40.32.0/19
	// isolated 10.40.96.0/21 10.40.104.0/21
	// 6 subnets, 1 NAT gateway
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
