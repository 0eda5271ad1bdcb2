package kmskey_test

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
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/kmskey"
)

// A key with rotation on and a policy that lets a role use it.
func Example() {
	out, err := os.MkdirTemp("", "kmskey-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(out)
	app := cdktf.NewApp(&cdktf.AppConfig{Outdir: jsii.String(out)})
	stack := cdktf.NewTerraformStack(app, jsii.String("keys"))
	provider.NewAwsProvider(stack, jsii.String("aws"), &provider.AwsProviderConfig{Region: jsii.String("eu-west-1")})
	env, err := awsenv.New("123456789012", "eu-west-1")
	if err != nil {
		log.Fatal(err)
	}
	if err := awsenv.Set(stack, env); err != nil {
		log.Fatal(err)
	}
	key, err := kmskey.New(stack, "data", kmskey.Props{
		Alias:       "shop/data",
		Description: "the shop's data",
		Statements: []iampolicy.Statement{{
			Sid:        "AppUse",
			Principals: []iampolicy.Principal{iampolicy.AWSPrincipals(env.ARNGlobal("iam", "role/shop-app"))},
			Effect:     iampolicy.Allow,
			Actions:    kmskey.UsageActions,
			Resources:  []string{"*"},
		}},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(key.AliasName)

	app.Synth() // writes <out>/stacks/keys/cdk.tf.json
	data, err := os.ReadFile(filepath.Join(out, "stacks", "keys", "cdk.tf.json"))
	if err != nil {
		log.Fatal(err)
	}
	var tf struct{ Resource map[string]map[string]any }
	if err := json.Unmarshal(data, &tf); err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(tf.Resource["aws_kms_key"]), "key,", len(tf.Resource["aws_kms_alias"]), "alias")
	// Output:
	// alias/shop/data
	// 1 key, 1 alias
}
