package stacks

import (
	"github.com/acme/landing-zone/stacks/diagram"
	"github.com/acme/landing-zone/stacks/org"
)

// DiagramInput is what package diagram draws for o: its stacks (Plan) in
// their accounts, numbered by deploy step (DeploySteps of Dependencies).
// Plain Go: no jsii runtime is needed to draw.
func DiagramInput(o *org.Organization) diagram.Input {
	plan := Plan(o)
	infos := make([]StackInfo, len(plan))
	for i, p := range plan {
		infos[i] = p.StackInfo
	}
	steps := DeploySteps(Dependencies(infos))
	in := diagram.Input{Org: o}
	for _, p := range plan {
		in.Stacks = append(in.Stacks, diagram.Stack{Name: p.Name, Account: p.Account, Region: p.Region, Step: steps[p.Name]})
	}
	return in
}
