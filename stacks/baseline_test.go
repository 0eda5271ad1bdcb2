package stacks

import (
	"slices"
	"testing"

	"github.com/acme/landing-zone/stacks/org"
)

func TestWithoutBaseline(t *testing.T) {
	o := &org.Organization{Accounts: []org.Account{{Name: "a", ID: "111111111111"}, {Name: "b", ID: "222222222222"}, {Name: "c", ID: "333333333333"}}}
	tests := []struct {
		name      string
		baselined map[string]bool
		want      []string
	}{
		{"every account has one", map[string]bool{"111111111111": true, "222222222222": true, "333333333333": true}, nil},
		{"one waits in a suspended OU", map[string]bool{"111111111111": true, "333333333333": true}, []string{"222222222222"}},
		{"none yet", nil, []string{"111111111111", "222222222222", "333333333333"}},
	}
	for _, tt := range tests {
		if got := withoutBaseline(o, tt.baselined); !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}
