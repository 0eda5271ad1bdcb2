package test

import (
	"strings"
	"testing"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/kmskey"
)

// TestAwsenvSetAfterChildren sets the Env after the provider, the order
// every CDKTF example uses: it must work, not panic with "Cannot set
// context after children have been added".
func TestAwsenvSetAfterChildren(t *testing.T) {
	env, err := awsenv.New("123456789012", "eu-west-1")
	if err != nil {
		t.Fatal(err)
	}
	st := cdktf.NewTerraformStack(testApp(t), jsii.String("late"))
	provider.NewAwsProvider(st, jsii.String("aws"), &provider.AwsProviderConfig{Region: jsii.String("eu-west-1")})
	if err := awsenv.Set(st, env); err != nil {
		t.Fatalf("Set after the provider: %v", err)
	}
	nested := constructs.NewConstruct(st, jsii.String("nested"))
	if got, err := awsenv.Of(nested); err != nil || got != env {
		t.Fatalf("Of below the stack: %+v, %v; want %+v", got, err, env)
	}
	if _, err := kmskey.New(nested, "data", kmskey.Props{Alias: "test/data"}); err != nil {
		t.Fatalf("a construct under the stack: %v", err)
	}
	if err := awsenv.Set(st, env); err != nil {
		t.Errorf("setting the same Env again: %v", err)
	}
	other, _ := awsenv.New("210987654321", "eu-west-1")
	if err := awsenv.Set(st, other); err == nil || !strings.Contains(err.Error(), "call awsenv.Set before adding constructs") {
		t.Errorf("replacing the Env of a stack with children: got %v, want an error saying what to do", err)
	}
	// A nearer scope without children takes its own Env.
	region := constructs.NewConstruct(st, jsii.String("us-west-2"))
	west, _ := awsenv.New("123456789012", "us-west-2")
	if err := awsenv.Set(region, west); err != nil {
		t.Fatal(err)
	}
	if got, _ := awsenv.Of(region); got != west {
		t.Errorf("Of the regional scope: %+v, want %+v", got, west)
	}
	if err := awsenv.Set(st, awsenv.Env{}); err == nil {
		t.Error("Set accepted an empty Env")
	}
	synthStack(t, st)

	bare := cdktf.NewTerraformStack(testApp(t), jsii.String("bare"))
	provider.NewAwsProvider(bare, jsii.String("aws"), &provider.AwsProviderConfig{Region: jsii.String("eu-west-1")})
	if _, err := awsenv.Of(constructs.NewConstruct(bare, jsii.String("x"))); err == nil || !strings.Contains(err.Error(), "call awsenv.Set on its stack") {
		t.Errorf("Of without Set: %v", err)
	}
}
