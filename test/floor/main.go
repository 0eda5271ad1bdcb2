// Command floor is the benchmark's floor: a process that loads the AWS
// provider and synthesizes one stack holding nothing but the provider.
// Whatever the real app takes beyond this is the cost of its own constructs.
package main

import (
	"os"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/lazyindex"
)

func main() {
	lazyindex.Enable()
	app := cdktf.NewApp(&cdktf.AppConfig{Outdir: jsii.String(os.Args[1])})
	st := cdktf.NewTerraformStack(app, jsii.String("floor"))
	provider.NewAwsProvider(st, jsii.String("aws"), &provider.AwsProviderConfig{Region: jsii.String("us-east-1")})
	app.Synth()
	jsii.Close()
}
