package stacks

import "github.com/acme/landing-zone/stacks/org"

// PlannedStack is a stack Build makes for a model, known in plain Go.
type PlannedStack struct {
	StackInfo
	// Account is the name of the account the stack deploys to.
	Account string
	Region  string
}

// Plan lists the stacks Build makes for o, in Build's order, without
// building anything: for the diagram, which needs no jsii runtime. o must be
// valid. TestPlanMatchesBuild keeps it in step with Build.
func Plan(o *org.Organization) []PlannedStack {
	account := func(k org.AccountKind) string {
		a, _ := o.AccountOfKind(k)
		return a.Name
	}
	home := o.HomeRegion
	out := []PlannedStack{{StackInfo{Name: OrganizationStack, Role: RoleOrganization}, account(org.KindManagement), home}}
	if len(o.MissingIDs()) > 0 {
		return out
	}
	out = append(out,
		PlannedStack{StackInfo{Name: LogArchiveStack, Role: RoleLogArchive}, account(org.KindLogArchive), home},
		PlannedStack{StackInfo{Name: SecurityStack, Role: RoleSecurity}, account(org.KindSecurity), home},
		PlannedStack{StackInfo{Name: ManagementStack, Role: RoleManagement}, account(org.KindManagement), home},
		PlannedStack{StackInfo{Name: NetworkStack, Role: RoleNetwork}, account(org.KindNetwork), home},
	)
	if a, ok := o.AccountOfKind(org.KindSharedServices); ok {
		out = append(out, PlannedStack{StackInfo{Name: SharedServicesStack, Role: RoleSharedServices}, a.Name, home})
	}
	for _, e := range o.Environments {
		out = append(out, PlannedStack{StackInfo{Name: WorkloadStackName(e.Name), Role: RoleWorkload, Env: e.Name}, e.Account, e.Region})
	}
	for _, p := range o.Network.Peerings {
		acc, _ := o.Environment(p.Accepter)
		out = append(out, PlannedStack{StackInfo{Name: PeeringStackName(p.Requester, p.Accepter), Role: RolePeering, Env: acc.Name, Requester: p.Requester, Accepter: p.Accepter}, acc.Account, acc.Region})
	}
	out = append(out, PlannedStack{StackInfo{Name: NetworkAttachmentsStack, Role: RoleNetworkAttachments}, account(org.KindNetwork), home})
	for _, e := range o.Environments {
		out = append(out, PlannedStack{StackInfo{Name: SpokeRoutesStackName(e.Name), Role: RoleSpokeRoutes, Env: e.Name}, e.Account, e.Region})
	}
	out = append(out, PlannedStack{StackInfo{Name: SecurityRulesStack, Role: RoleSecurityRules}, account(org.KindSecurity), home})
	return out
}

// DeploySteps numbers the stacks of deps by the step of a deploy in which
// each can start: 1 for stacks that need none, else one more than the
// latest step among the stacks it needs. Stacks of one step can run in
// parallel. deps must have no cycle (CDKTF refuses them).
func DeploySteps(deps map[string][]string) map[string]int {
	steps := map[string]int{}
	var step func(string) int
	step = func(name string) int {
		if s, ok := steps[name]; ok {
			return s
		}
		s := 1
		for _, d := range deps[name] {
			s = max(s, step(d)+1)
		}
		steps[name] = s
		return s
	}
	for name := range deps {
		step(name)
	}
	return steps
}
