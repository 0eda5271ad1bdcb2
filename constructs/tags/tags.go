// Package tags holds the tag conventions every resource follows.
package tags

import "maps"

// Keys of the tags the stacks put on every resource through the provider's
// default tags.
const (
	Environment = "Environment"
	Owner       = "Owner"
	CostCenter  = "CostCenter"
	ManagedBy   = "ManagedBy"
	Account     = "Account"
)

// InternetFacing, with the value "true", marks a resource that is meant to
// be reached from the internet (the load balancer's security group), so
// that reviewers and the policy checks tell intent from accident.
const InternetFacing = "InternetFacing"

// ManagedByValue marks resources this project manages, so that nobody edits
// them by hand in the console.
const ManagedByValue = "landing-zone-cdktf"

// Merge returns a new map with the entries of each map in order, later ones
// winning. It returns nil when every map is empty, so that resources without
// tags of their own synthesize without an empty tags block.
func Merge(ms ...map[string]string) map[string]string {
	var out map[string]string
	for _, m := range ms {
		if len(m) == 0 {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		maps.Copy(out, m)
	}
	return out
}

// Ptrs converts tags to the map of string pointers the provider bindings take.
func Ptrs(m map[string]string) *map[string]*string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]*string, len(m))
	for k, v := range m {
		out[k] = &v
	}
	return &out
}
