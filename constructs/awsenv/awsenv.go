// Package awsenv carries the account, region and partition a stack deploys
// to, so that constructs can build ARNs and key policies in plain Go instead
// of asking AWS at plan time through data sources.
package awsenv

import (
	"fmt"
	"regexp"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/acme/landing-zone/constructs/awsregion"
)

// Env is where a stack deploys.
type Env struct {
	AccountID string
	Region    string
	Partition string
}

// ctxKey holds the Env as one context value, so that Of is one round trip
// to the jsii runtime rather than one per field.
const ctxKey = "landingzone:env"

var accountIDRE = regexp.MustCompile(`^[0-9]{12}$`)

// New checks an account id and region and returns their Env.
func New(accountID, region string) (Env, error) {
	if !accountIDRE.MatchString(accountID) {
		return Env{}, fmt.Errorf("account id %q: not 12 digits", accountID)
	}
	r, err := awsregion.Lookup(region)
	if err != nil {
		return Env{}, err
	}
	return Env{AccountID: accountID, Region: region, Partition: r.Partition}, nil
}

// Set records env on scope (usually a stack); constructs below it find it
// with Of.
func Set(scope constructs.Construct, env Env) {
	scope.Node().SetContext(jsii.String(ctxKey), map[string]string{
		"account": env.AccountID, "region": env.Region, "partition": env.Partition,
	})
}

// Of returns the Env recorded on scope or its nearest ancestor.
func Of(scope constructs.Construct) (Env, error) {
	n := scope.Node()
	m, _ := n.TryGetContext(jsii.String(ctxKey)).(map[string]any)
	get := func(key string) string {
		v, _ := m[key].(string)
		return v
	}
	env := Env{AccountID: get("account"), Region: get("region"), Partition: get("partition")}
	if env.AccountID == "" || env.Region == "" || env.Partition == "" {
		return Env{}, fmt.Errorf("%s: no AWS account and region recorded; call awsenv.Set on its stack", *n.Path())
	}
	return env, nil
}

// RootARN is the ARN of the account's root principal, which in key and
// resource policies means "IAM policies of this account decide".
func (e Env) RootARN() string { return e.AccountARN(e.AccountID) }

// AccountARN is the root principal ARN of another account in the same
// partition.
func (e Env) AccountARN(accountID string) string {
	return fmt.Sprintf("arn:%s:iam::%s:root", e.Partition, accountID)
}

// ARN builds an ARN in this account and region for service and resource.
// Services without a region in their ARNs (iam, s3) take ARNGlobal.
func (e Env) ARN(service, resource string) string {
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s", e.Partition, service, e.Region, e.AccountID, resource)
}

// ARNGlobal builds an ARN with an empty region field, as IAM uses.
func (e Env) ARNGlobal(service, resource string) string {
	return fmt.Sprintf("arn:%s:%s::%s:%s", e.Partition, service, e.AccountID, resource)
}

// ServicePrincipal is the principal name of an AWS service in this
// partition, such as cloudtrail.amazonaws.com.
func (e Env) ServicePrincipal(service string) string {
	suffix := "amazonaws.com"
	if e.Partition == "aws-cn" {
		suffix = "amazonaws.com.cn"
	}
	return service + "." + suffix
}
