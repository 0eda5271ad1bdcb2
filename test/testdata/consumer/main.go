// Command consumer is a module outside the landing zone that uses its
// constructs as a library, as the README shows: TestLibraryFromAnotherModule
// copies it into a temporary module with a replace directive to the
// checkout, runs go mod tidy and runs it.
package main

import (
	"fmt"
	"os"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/awsregion"
	"github.com/acme/landing-zone/constructs/networkhub"
	"github.com/acme/landing-zone/constructs/securebucket"
	"github.com/acme/landing-zone/constructs/serverlessorders"
)

func main() {
	err := run(os.Args[1])
	jsii.Close()
	if err != nil {
		fmt.Fprintln(os.Stderr, "consumer:", err)
		os.Exit(1)
	}
}

func run(outdir string) error {
	app := cdktf.NewApp(&cdktf.AppConfig{Outdir: jsii.String(outdir)})
	stack := cdktf.NewTerraformStack(app, jsii.String("shop"))
	// The provider first, as every CDKTF example does, then the Env.
	provider.NewAwsProvider(stack, jsii.String("aws"), &provider.AwsProviderConfig{Region: jsii.String("eu-west-1")})
	env, err := awsenv.New("123456789012", "eu-west-1")
	if err != nil {
		return err
	}
	if err := awsenv.Set(stack, env); err != nil {
		return err
	}
	if _, err := securebucket.New(stack, "data", securebucket.Props{Name: "shop-data-123456789012-eu-west-1"}); err != nil {
		return err
	}
	region, err := awsregion.Lookup("eu-west-1")
	if err != nil {
		return err
	}
	if _, err := networkhub.NewVPC(stack, "vpc", networkhub.VPCProps{
		Name: "shop-prod", CIDR: "10.40.0.0/16", Zones: region.Zones(2), NAT: networkhub.NATSingle,
	}); err != nil {
		return err
	}
	if _, err := serverlessorders.New(stack, "orders", serverlessorders.Props{
		Name: "shop-prod-orders", SenderDomain: "shop.example.com", Production: true,
	}); err != nil {
		return err
	}
	app.Synth()
	return nil
}
