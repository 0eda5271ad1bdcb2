package stacks

import (
	"os"
	"strings"
	"testing"
)

func TestCheckOrder(t *testing.T) {
	all := []StackInfo{
		{Name: "organization", Role: RoleOrganization},
		{Name: "log-archive", Role: RoleLogArchive},
		{Name: "network", Role: RoleNetwork},
		{Name: "workload-dev", Role: RoleWorkload, Env: "dev"},
		{Name: "workload-prod", Role: RoleWorkload, Env: "prod"},
		{Name: "peering-dev-prod", Role: RolePeering, Env: "prod", Requester: "dev", Accepter: "prod"},
	}
	if err := CheckOrder(all, Dependencies(all)); err != nil {
		t.Fatalf("computed graph: %v", err)
	}
	for _, tc := range []struct {
		name string
		deps map[string][]string
		want string
	}{
		{"forward", map[string][]string{"log-archive": {"network"}}, "log-archive (log-archive) depends on network (network)"},
		{"backward", map[string][]string{"network": {"peering-dev-prod"}}, "network (network) depends on peering-dev-prod (peering)"},
		{"unknown", map[string][]string{"network": {"nope"}}, `depends on "nope"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckOrder(all, tc.deps)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
	if got := Dependencies(all)["workload-dev"]; strings.Join(got, ",") != "log-archive,network,organization,workload-prod" {
		t.Errorf("requester workload needs %v", got)
	}
	if got := Dependencies(all)["peering-dev-prod"]; strings.Join(got, ",") != "organization,workload-dev,workload-prod" {
		t.Errorf("peering needs %v", got)
	}
}

// TestREADMEShowsTheDeployOrder keeps the README's deploy order the one
// DeployOrder declares.
func TestREADMEShowsTheDeployOrder(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if want := DeployOrderText(); !strings.Contains(string(readme), want) {
		t.Errorf("README.md does not show the deploy order; put this line in it:\n%s", want)
	}
}
