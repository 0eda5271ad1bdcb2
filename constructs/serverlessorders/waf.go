package serverlessorders

import (
	"github.com/acme/landing-zone/constructs/wafacl"
)

// wafRedactedHeaders are kept out of WAF logs: with IAM authorization they
// carry a signature and a session token, with Cognito a bearer token.
var wafRedactedHeaders = []string{"authorization", "x-amz-security-token"}

// waf makes the web ACL (wafacl's default rules), associates it with the
// stage and logs it. The resource ids are those the construct had before
// wafacl existed, so that deployed web ACLs stay in place.
func (b *build) waf() error {
	n := b.s.names
	acl, err := wafacl.New(b.scope, *b.rid("waf"), wafacl.Props{
		Name:             n.webACL(),
		Description:      "Protects the orders API of " + b.props.Name,
		Scope:            wafacl.Regional,
		RateLimit:        b.s.WAFRateLimit,
		LogKey:           b.out.Key,
		LogRetentionDays: b.s.LogRetentionDays,
		RedactedHeaders:  wafRedactedHeaders,
		Protect:          []*string{b.out.API.StageARN},
		Tags:             b.props.Tags,
	})
	if err != nil {
		return err
	}
	b.out.WebACLARN = acl.ARN
	return nil
}
