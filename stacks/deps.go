package stacks

import (
	"fmt"
	"slices"
	"strings"
)

// Role is the job of a stack in the landing zone, which decides the stacks
// it must be deployed after.
type Role string

// Stack roles, in the order the README documents for deploying them
// (DeployOrder).
const (
	RoleOrganization       Role = "organization"
	RoleLogArchive         Role = "log-archive"
	RoleSecurity           Role = "security"
	RoleManagement         Role = "management"
	RoleNetwork            Role = "network"
	RoleSharedServices     Role = "shared-services"
	RoleWorkload           Role = "workload"
	RoleNetworkAttachments Role = "network-attachments"
	RoleSpokeRoutes        Role = "spoke-routes"
	RolePeering            Role = "peering"
	RoleSecurityRules      Role = "security-rules"
)

// DeployOrder is the order in which the stacks of each role are deployed,
// the one the README documents. The dependencies declared on the stacks
// (Dependencies) never point forward in it; stacks of one role depend on
// each other only where a VPC peering makes the requester's workload stack
// follow the accepter's. cdktf deploy runs independent stacks in parallel.
var DeployOrder = []Role{
	RoleOrganization, RoleLogArchive, RoleSecurity, RoleManagement, RoleNetwork, RoleSharedServices,
	RoleWorkload, RoleNetworkAttachments, RoleSpokeRoutes, RolePeering, RoleSecurityRules,
}

// StackPattern is how the README names the stacks of a role:
// the stack name, or a pattern such as workload-<env>.
func (r Role) StackPattern() string {
	switch r {
	case RoleWorkload:
		return "workload-<env>"
	case RoleSpokeRoutes:
		return "spoke-routes-<env>"
	case RolePeering:
		return "peering-<a>-<b>"
	}
	return string(r)
}

// OrderIndex is r's position in DeployOrder, or -1.
func (r Role) OrderIndex() int { return slices.Index(DeployOrder, r) }

// hasRecorder tells whether stacks of role r hold their account's baseline,
// whose AWS Config recorder delivers to the central log bucket.
func (r Role) hasRecorder() bool {
	switch r {
	case RoleLogArchive, RoleSecurity, RoleManagement, RoleNetwork, RoleSharedServices, RoleWorkload:
		return true
	}
	return false
}

// StackInfo is what Dependencies needs to know of a stack: plain values,
// so the graph is computed and tested without the jsii runtime.
type StackInfo struct {
	Name string
	Role Role
	// Env is the environment of workload and spoke-routes stacks.
	Env string
	// Requester and Accepter are the environments of a peering stack.
	Requester, Accepter string
}

// Dependencies returns, for each stack of all, the names of the stacks it
// must be deployed after, sorted: what it really uses, so that `cdktf
// deploy '*'` runs them in a correct order and in parallel where it can.
//
//   - Every stack but organization: the organization stack creates its
//     account, enables the trusted service access and delegations the
//     stack relies on (CloudTrail, Config, GuardDuty, Security Hub, Access
//     Analyzer, RAM sharing), and is the bootstrap step.
//   - Every stack with an account baseline: log-archive, whose bucket
//     policy admits its AWS Config delivery channel; creating the channel
//     fails with NoSuchBucket or InsufficientDeliveryPolicyException
//     until the bucket and its policy exist (AWS Config API Reference,
//     PutDeliveryChannel, Errors). management's organization trail also
//     needs the log key, read from log-archive's state.
//   - workload-<env>: network (the Transit Gateway id, read from its state,
//     and its RAM share); the workload of a peering's requester also needs
//     the accepter's workload (it requests the connection to that VPC's id).
//   - network-attachments: network (the segments' route tables) and every
//     workload (the attachment ids it accepts).
//   - spoke-routes-<env>: network-attachments (a route to an attachment
//     still pending acceptance fails, terraform-provider-aws#10025), network
//     (the Transit Gateway id) and its workload (the route tables).
//   - peering-<a>-<b>: both workloads (a requests the connection, b's VPC
//     takes the routes back).
//   - security-rules: every stack with an AWS Config recorder (a Config
//     organization rule fails in an account without one: provider docs of
//     aws_config_organization_managed_rule) and security.
func Dependencies(all []StackInfo) map[string][]string {
	byRole := map[Role][]StackInfo{}
	for _, s := range all {
		byRole[s.Role] = append(byRole[s.Role], s)
	}
	names := func(r Role) []string {
		var out []string
		for _, s := range byRole[r] {
			out = append(out, s.Name)
		}
		return out
	}
	workload := func(env string) []string {
		for _, s := range byRole[RoleWorkload] {
			if s.Env == env {
				return []string{s.Name}
			}
		}
		return nil
	}
	out := map[string][]string{}
	for _, s := range all {
		var need []string
		if s.Role != RoleOrganization {
			need = append(need, names(RoleOrganization)...)
		}
		if s.Role.hasRecorder() && s.Role != RoleLogArchive {
			need = append(need, names(RoleLogArchive)...)
		}
		switch s.Role {
		case RoleWorkload:
			need = append(need, names(RoleNetwork)...)
			for _, p := range byRole[RolePeering] {
				if p.Requester == s.Env {
					need = append(need, workload(p.Accepter)...)
				}
			}
		case RoleNetworkAttachments:
			need = append(need, names(RoleNetwork)...)
			need = append(need, names(RoleWorkload)...)
		case RoleSpokeRoutes:
			need = append(need, names(RoleNetworkAttachments)...)
			need = append(need, names(RoleNetwork)...)
			need = append(need, workload(s.Env)...)
		case RolePeering:
			need = append(need, workload(s.Requester)...)
			need = append(need, workload(s.Accepter)...)
		case RoleSecurityRules:
			for _, r := range DeployOrder {
				if r.hasRecorder() {
					need = append(need, names(r)...)
				}
			}
		}
		slices.Sort(need)
		out[s.Name] = slices.Compact(need)
	}
	return out
}

// CheckOrder returns an error naming the first dependency in deps that
// points forward in DeployOrder, or at a stack that is not in all. (CDKTF
// itself refuses cycles when a dependency is added.)
func CheckOrder(all []StackInfo, deps map[string][]string) error {
	role := map[string]Role{}
	for _, s := range all {
		role[s.Name] = s.Role
	}
	for _, s := range all {
		for _, d := range deps[s.Name] {
			r, ok := role[d]
			switch {
			case !ok:
				return fmt.Errorf("stack %s depends on %q, which is not a stack", s.Name, d)
			case r.OrderIndex() > s.Role.OrderIndex():
				return fmt.Errorf("stack %s (%s) depends on %s (%s), which the deploy order puts after it", s.Name, s.Role, d, r)
			}
		}
	}
	return nil
}

// DeployOrderText is the deploy order as the README's Markdown list gives
// it, generated from DeployOrder so that the two cannot drift.
func DeployOrderText() string {
	var parts []string
	for _, r := range DeployOrder {
		parts = append(parts, "`"+r.StackPattern()+"`")
	}
	return strings.Join(parts, " → ")
}

// Infos is the StackInfo of every stack of the result.
func (r *Result) Infos() []StackInfo {
	out := make([]StackInfo, 0, len(r.Stacks))
	for _, s := range r.Stacks {
		out = append(out, s.info)
	}
	return out
}

// Dependencies is the graph Build declared on the stacks of r, by name.
func (r *Result) Dependencies() map[string][]string { return Dependencies(r.Infos()) }

// declareDependencies adds every dependency of Dependencies to the stacks,
// so that manifest.json holds the whole graph (CDKTF adds those it finds
// through cross-stack references itself; adding one again is harmless).
// cdktf deploy with several stacks starts a stack only when every stack in
// its manifest dependencies is done (cdktf-cli-core stack-helpers.ts,
// getStackWithNoUnmetDependencies), and refuses a selection that leaves a
// dependency out unless --ignore-missing-stack-dependencies is given.
func (b *builder) declareDependencies() error {
	deps := b.res.Dependencies()
	if err := CheckOrder(b.res.Infos(), deps); err != nil {
		return err
	}
	for _, s := range b.res.Stacks {
		for _, d := range deps[s.Name] {
			dep, _ := b.res.Stack(d)
			s.TF.AddDependency(dep.TF)
		}
	}
	return nil
}
