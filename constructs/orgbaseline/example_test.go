package orgbaseline_test

import (
	"fmt"
	"log"

	"github.com/acme/landing-zone/constructs/internal/examplestack"
	"github.com/acme/landing-zone/constructs/orgbaseline"
)

// An organization with a Security OU, a security account and the
// guardrails that deny leaving the organization and unused regions.
func ExampleNewOrganization() {
	ex := examplestack.New("111111111111", "us-east-1")
	stack := ex.Stack
	o, err := orgbaseline.NewOrganization(stack, "organization", orgbaseline.OrganizationProps{
		OrganizationalUnits: []string{"Security"},
		Accounts: []orgbaseline.MemberAccount{
			{Name: "security", Email: "aws-security@example.com", OU: "Security", RoleName: "OrganizationAccountAccessRole"},
		},
		SecurityAccount: "security",
		Guardrails: map[string]orgbaseline.Guardrails{
			"Root": {RegionDeny: true, AllowedRegions: []string{"us-east-1", "eu-west-1"}, DenyLeaveOrganization: true},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(o.SCPs["Root"]), "SCP for Root")
	r := ex.Resources()
	fmt.Println(len(r["aws_organizations_account"]), "account,", len(r["aws_organizations_organizational_unit"]), "OU")
	// Output:
	// 1 SCP for Root
	// 1 account, 1 OU
}
