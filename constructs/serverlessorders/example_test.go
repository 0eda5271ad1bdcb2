package serverlessorders_test

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
	"github.com/acme/landing-zone/constructs/serverlessorders"
)

// The order system: an API, four Go functions (built for arm64 at synth,
// reproducibly), a table, queues with dead-letter queues, a topic and SES.
func Example() {
	app, stack, out := newStack("123456789012", "eu-west-1")
	defer os.RemoveAll(out)
	orders, err := serverlessorders.New(stack, "orders", serverlessorders.Props{
		Name:         "shop-prod-orders",
		SenderDomain: "shop.example.com",
		Production:   true,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(orders.TableARN)
	r := resources(app, out)
	fmt.Println(len(r["aws_lambda_function"]), "functions,", len(r["aws_sqs_queue"]), "queues")
	// Output:
	// arn:aws:dynamodb:eu-west-1:123456789012:table/shop-prod-orders
	// 4 functions, 5 queues
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
