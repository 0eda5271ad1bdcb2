// Package suppress records, on a resource, that a policy-check rule does not
// apply to it and why. The reason travels with the resource in the
// synthesized JSON ("//".suppressions), where reviewers and the checks in
// constructs/policycheck read it; a suppression without a reason fails
// synth.
package suppress

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/aws/jsii-runtime-go"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

var ruleRE = regexp.MustCompile(`^[A-Z0-9]+(-[A-Z0-9]+)*-[0-9]+$`)

// Rule suppresses rule (such as "S3-1") on res, for reason. It refuses an
// empty reason here already; the checks refuse one written by hand.
func Rule(res cdktf.TerraformResource, rule, reason string) error {
	if !ruleRE.MatchString(rule) {
		return fmt.Errorf("suppress: rule %q: not a rule id such as S3-1", rule)
	}
	if strings.TrimSpace(reason) == "" {
		return fmt.Errorf("suppress: rule %s on %s: a suppression needs a reason", rule, *res.Node().Path())
	}
	res.AddOverride(jsii.String("//.suppressions."+rule), reason)
	return nil
}
