// Package examplestack is the app and stack the constructs' runnable godoc
// examples build on: a stack with the AWS provider and its awsenv.Env, in an
// app that synthesizes into a temporary directory, and the resources it
// synthesized. It is for examples only, which have no testing.T: errors end
// the program.
package examplestack

import (
	"encoding/json"
	"log"
	"os"
	"path/filepath"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/awsenv"
)

// Example is an app with one stack, called "example".
type Example struct {
	App   cdktf.App
	Stack cdktf.TerraformStack
	dir   string
}

// New makes the app and its stack in account and region.
func New(account, region string) *Example {
	dir, err := os.MkdirTemp("", "example-")
	if err != nil {
		log.Fatal(err)
	}
	app := cdktf.NewApp(&cdktf.AppConfig{Outdir: jsii.String(dir)})
	stack := cdktf.NewTerraformStack(app, jsii.String("example"))
	provider.NewAwsProvider(stack, jsii.String("aws"), &provider.AwsProviderConfig{Region: jsii.String(region)})
	env, err := awsenv.New(account, region)
	if err != nil {
		log.Fatal(err)
	}
	if err := awsenv.Set(stack, env); err != nil {
		log.Fatal(err)
	}
	return &Example{App: app, Stack: stack, dir: dir}
}

// Resources synthesizes the app, returns the stack's resources by type and
// then name, and removes the output.
func (e *Example) Resources() map[string]map[string]any {
	defer os.RemoveAll(e.dir)
	e.App.Synth()
	data, err := os.ReadFile(filepath.Join(e.dir, "stacks", "example", "cdk.tf.json"))
	if err != nil {
		log.Fatal(err)
	}
	var tf struct{ Resource map[string]map[string]any }
	if err := json.Unmarshal(data, &tf); err != nil {
		log.Fatal(err)
	}
	return tf.Resource
}
