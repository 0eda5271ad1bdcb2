package securebucket_test

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
	"github.com/acme/landing-zone/constructs/securebucket"
)

// A private bucket, encrypted with its own key, versioned, TLS-only and
// logged to an access-log bucket made for it (with its own key).
func Example() {
	app, stack, out := newStack("123456789012", "eu-west-1")
	defer os.RemoveAll(out)
	bucket, err := securebucket.New(stack, "reports", securebucket.Props{
		Name: "shop-reports-123456789012-eu-west-1",
	})
	if err != nil {
		log.Fatal(err) // bad props: an error naming the field, before any resource
	}
	fmt.Println(bucket.ARN)
	r := resources(app, out)
	fmt.Println(len(r["aws_s3_bucket"]), "buckets,", len(r["aws_kms_key"]), "keys")
	// Output:
	// arn:aws:s3:::shop-reports-123456789012-eu-west-1
	// 2 buckets, 2 keys
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
