package test

import (
	"slices"
	"testing"

	"github.com/acme/landing-zone/stacks"
	"github.com/acme/landing-zone/stacks/org"
)

// TestManifestHoldsTheDeployOrder reads the synthesized manifest.json (what
// cdktf deploy orders stacks by) and checks that it holds exactly the
// graph stacks.Dependencies computes, and that no edge points forward in
// the order the README documents.
func TestManifestHoldsTheDeployOrder(t *testing.T) {
	exampleOrg(t)
	variantOrg(t)
	for _, tc := range []struct {
		name string
		man  manifest
	}{
		{"example", example.manifest},
		{"variant", variant.manifest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := stacks.Dependencies(tc.man.stacks)
			if len(tc.man.deps) != len(tc.man.stacks) {
				t.Errorf("manifest has %d stacks, Build made %d", len(tc.man.deps), len(tc.man.stacks))
			}
			for _, s := range tc.man.stacks {
				got := slices.Sorted(slices.Values(tc.man.deps[s.Name]))
				if !slices.Equal(got, want[s.Name]) {
					t.Errorf("stack %s: manifest dependencies %v, want %v", s.Name, got, want[s.Name])
				}
			}
			if err := stacks.CheckOrder(tc.man.stacks, tc.man.deps); err != nil {
				t.Error(err)
			}
		})
	}
	// What each stack really uses, spelled out for the example.
	for stack, needs := range map[string][]string{
		"log-archive":         {"organization"},
		"management":          {"log-archive", "organization"},
		"security":            {"log-archive", "organization"},
		"workload-prod":       {"log-archive", "network", "organization"},
		"network-attachments": {"network", "organization", "workload-dev", "workload-prod", "workload-staging"},
		"spoke-routes-dev":    {"network", "network-attachments", "organization", "workload-dev"},
		"security-rules":      {"log-archive", "management", "network", "organization", "security", "shared-services", "workload-dev", "workload-prod", "workload-staging"},
	} {
		if got := slices.Sorted(slices.Values(example.manifest.deps[stack])); !slices.Equal(got, needs) {
			t.Errorf("example stack %s: dependencies %v, want %v", stack, got, needs)
		}
	}
	if got := variant.manifest.deps["peering-dev-staging"]; !slices.Contains(got, "workload-dev") || !slices.Contains(got, "workload-staging") {
		t.Errorf("peering-dev-staging: dependencies %v, want both workloads", got)
	}
}

// TestPlanMatchesBuild keeps stacks.Plan (what the diagram draws, in plain
// Go) the list of stacks Build makes.
func TestPlanMatchesBuild(t *testing.T) {
	exampleOrg(t)
	variantOrg(t)
	for _, tc := range []struct {
		name string
		o    *org.Organization
		man  manifest
	}{
		{"example", org.Example(), example.manifest},
		{"variant", variantModel(t), variant.manifest},
	} {
		var got []stacks.StackInfo
		for _, p := range stacks.Plan(tc.o) {
			got = append(got, p.StackInfo)
		}
		if !slices.Equal(got, tc.man.stacks) {
			t.Errorf("%s: Plan %v\nBuild %v", tc.name, got, tc.man.stacks)
		}
	}
}
