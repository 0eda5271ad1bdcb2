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

// envChild is the id of the construct that holds the Env of a scope that
// already had children when Set was called.
const envChild = "landingzone-env"

// Set records env on scope (usually a stack); constructs below it find it
// with Of. It works whatever scope already holds: on a scope without
// children the Env is scope's own context value (constructs allows context
// only before the first child); on one with children, such as a stack that
// has its provider already, it goes to a child construct (id
// "landingzone-env", no resources) that Of looks for. It returns an error,
// and records nothing, when scope already has an Env, its own or an
// ancestor's, that differs from env and cannot be replaced: call Set
// before adding children in that case.
func Set(scope constructs.Construct, env Env) error {
	if env.AccountID == "" || env.Region == "" || env.Partition == "" {
		return fmt.Errorf("awsenv.Set: %+v is incomplete; make it with awsenv.New", env)
	}
	n := scope.Node()
	value := map[string]string{"account": env.AccountID, "region": env.Region, "partition": env.Partition}
	if len(*n.Children()) == 0 {
		n.SetContext(jsii.String(ctxKey), value)
		return nil
	}
	if old, err := Of(scope); err == nil {
		if old == env {
			return nil
		}
		return fmt.Errorf("%s: holds children and already has the environment %s/%s; call awsenv.Set before adding constructs to it", *n.Path(), old.AccountID, old.Region)
	}
	child := constructs.NewConstruct(scope, jsii.String(envChild))
	child.Node().SetContext(jsii.String(ctxKey), value)
	return nil
}

// Of returns the Env recorded on scope or its nearest ancestor.
func Of(scope constructs.Construct) (Env, error) {
	n := scope.Node()
	// One round trip in the common case: the Env is context of scope or an
	// ancestor.
	if env, ok := fromContext(n.TryGetContext(jsii.String(ctxKey))); ok {
		return env, nil
	}
	// Set on a scope that had children already: look for its child on
	// scope and each ancestor.
	var c constructs.IConstruct = scope
	for c != nil {
		cn := c.Node()
		if child := cn.TryFindChild(jsii.String(envChild)); child != nil {
			if env, ok := fromContext(child.Node().TryGetContext(jsii.String(ctxKey))); ok {
				return env, nil
			}
		}
		parent := cn.Scope()
		if parent == nil {
			break
		}
		c = parent
	}
	return Env{}, fmt.Errorf("%s: no AWS account and region recorded; call awsenv.Set on its stack", *n.Path())
}

// fromContext reads an Env from the context value Set records.
func fromContext(v any) (Env, bool) {
	m, _ := v.(map[string]any)
	get := func(key string) string {
		s, _ := m[key].(string)
		return s
	}
	env := Env{AccountID: get("account"), Region: get("region"), Partition: get("partition")}
	return env, env.AccountID != "" && env.Region != "" && env.Partition != ""
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

// DNSSuffix is the suffix of service endpoints and principals in this
// partition: amazonaws.com, or amazonaws.com.cn in China.
func (e Env) DNSSuffix() string {
	if e.Partition == "aws-cn" {
		return "amazonaws.com.cn"
	}
	return "amazonaws.com"
}

// ServicePrincipal is the principal name of an AWS service in this
// partition, such as cloudtrail.amazonaws.com.
func (e Env) ServicePrincipal(service string) string {
	return service + "." + e.DNSSuffix()
}
