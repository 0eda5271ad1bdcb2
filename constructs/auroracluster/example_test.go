package auroracluster_test

import (
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/auroracluster"
	"github.com/acme/landing-zone/constructs/awsenv"
)

// An encrypted Aurora PostgreSQL cluster with a writer and a reader in
// isolated subnets, reachable from the app tier's security group.
func Example() {
	app, stack, out := newStack("123456789012", "eu-west-1")
	defer os.RemoveAll(out)
	cluster, err := auroracluster.New(stack, "db", auroracluster.Props{
		Name:                    "shop-prod",
		VPCID:                   jsii.String("vpc-0123456789abcdef0"),
		SubnetIDs:               *jsii.Strings("subnet-isolated-a", "subnet-isolated-b"),
		AvailabilityZones:       []string{"eu-west-1a", "eu-west-1b"},
		AllowedSecurityGroupIDs: *jsii.Strings("sg-app"),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cluster.ARN)
	r := resources(app, out)
	fmt.Println(len(r["aws_rds_cluster"]), "cluster,", len(r["aws_rds_cluster_instance"]), "instances")
	// Output:
	// arn:aws:rds:eu-west-1:123456789012:cluster:shop-prod
	// 1 cluster, 2 instances
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
