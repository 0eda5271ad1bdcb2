// Package awsregion knows the AWS regions this project can deploy to: their
// partition and the availability zones every account can use there, by
// availability zone id.
//
// The table is plain data instead of an aws_availability_zones lookup so that
// plans are deterministic and a model asking for more zones than a region has
// is rejected at synth, before anything talks to AWS.
//
// Zones are ids (use1-az1), never names (us-east-1a): AWS maps names to
// physical zones independently for each account, so the same name puts two
// accounts' subnets in different places, while an id is the same zone in
// every account ("AZ IDs for cross-account consistency",
// https://docs.aws.amazon.com/ram/latest/userguide/working-with-az-ids.html).
package awsregion

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Region is one AWS region.
type Region struct {
	Name      string
	Partition string
	// ZoneIDs are the availability zone ids that every account can use,
	// such as use1-az1, in id order.
	ZoneIDs []string
	// NoGraviton are the ids of ZoneIDs that offer no Graviton (arm64)
	// instance types, and few current-generation ones at all: use1-az3 in
	// us-east-1, where db.r7g, db.t4g and every other Graviton database
	// class cannot be placed. Zones never picks them.
	NoGraviton []string
}

// Zones returns the first n zone ids of the region that serve every
// instance family the landing zone uses (Graviton database classes among
// them), such as use1-az1, use1-az2, use1-az4 in us-east-1.
func (r Region) Zones(n int) []string {
	var out []string
	for _, z := range r.ZoneIDs {
		if len(out) == n {
			break
		}
		if !slices.Contains(r.NoGraviton, z) {
			out = append(out, z)
		}
	}
	return out
}

// ZoneCount is how many zones Zones can return.
func (r Region) ZoneCount() int { return len(r.ZoneIDs) - len(r.NoGraviton) }

// HasZone reports whether id is a zone id of the region, Graviton or not.
func (r Region) HasZone(id string) bool { return slices.Contains(r.ZoneIDs, id) }

// ServesGraviton reports whether zone id offers Graviton instance types.
func (r Region) ServesGraviton(id string) bool {
	return r.HasZone(id) && !slices.Contains(r.NoGraviton, id)
}

// zonePrefix is the region part of its zone ids: use1 for us-east-1,
// apse2 for ap-southeast-2, usgw1 for us-gov-west-1.
func zonePrefix(region string) string {
	short := map[string]string{
		"east": "e", "west": "w", "north": "n", "south": "s", "central": "c",
		"northeast": "ne", "southeast": "se", "northwest": "nw", "southwest": "sw", "gov": "g",
	}
	parts := strings.Split(region, "-")
	var b strings.Builder
	b.WriteString(parts[0])
	for _, p := range parts[1:] {
		if s, ok := short[p]; ok {
			b.WriteString(s)
		} else {
			b.WriteString(p)
		}
	}
	return b.String()
}

// DNSSuffix is the suffix of service endpoints and principals in the
// region's partition.
func (r Region) DNSSuffix() string {
	switch r.Partition {
	case "aws-cn":
		return "amazonaws.com.cn"
	default:
		return "amazonaws.com"
	}
}

var regions = map[string]Region{}

func init() {
	// add records regions whose zones are <prefix>-az<n> for each n.
	add := func(partition string, ids []int, noGraviton []int, names ...string) {
		for _, n := range names {
			r := Region{Name: n, Partition: partition}
			for _, i := range ids {
				r.ZoneIDs = append(r.ZoneIDs, fmt.Sprintf("%s-az%d", zonePrefix(n), i))
			}
			for _, i := range noGraviton {
				r.NoGraviton = append(r.NoGraviton, fmt.Sprintf("%s-az%d", zonePrefix(n), i))
			}
			regions[n] = r
		}
	}
	three := []int{1, 2, 3}
	add("aws", three, nil,
		"us-east-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-central-2",
		"eu-north-1", "eu-south-1", "eu-south-2", "ap-south-1", "ap-south-2", "ap-southeast-1",
		"ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7",
		"ap-northeast-3", "ap-east-1", "sa-east-1", "me-south-1", "me-central-1", "af-south-1",
		"il-central-1", "ca-west-1", "mx-central-1")
	// use1-az3 is the zone without Graviton instance types (see
	// Region.NoGraviton).
	add("aws", []int{1, 2, 3, 4, 5, 6}, []int{3}, "us-east-1")
	add("aws", []int{1, 2, 3, 4}, nil, "us-west-2", "ap-northeast-2")
	// The zones new accounts get: usw1-az2, cac1-az3 and apne1-az3 are
	// closed to them.
	add("aws", []int{1, 3}, nil, "us-west-1")
	add("aws", []int{1, 2, 4}, nil, "ca-central-1", "ap-northeast-1")
	add("aws-us-gov", three, nil, "us-gov-west-1", "us-gov-east-1")
	add("aws-cn", []int{1, 2}, nil, "cn-north-1")
	add("aws-cn", three, nil, "cn-northwest-1")
}

// Lookup returns the region called name.
func Lookup(name string) (Region, error) {
	r, ok := regions[name]
	if !ok {
		return Region{}, fmt.Errorf("unknown AWS region %q", name)
	}
	return r, nil
}

// Names lists every known region, sorted.
func Names() []string {
	out := make([]string, 0, len(regions))
	for n := range regions {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Suggest returns a hint naming the known regions closest to name, for
// error messages.
func Suggest(name string) string {
	var close []string
	prefix := name
	if i := strings.LastIndex(name, "-"); i > 0 {
		prefix = name[:i]
	}
	for _, n := range Names() {
		if strings.HasPrefix(n, prefix) {
			close = append(close, n)
		}
	}
	if len(close) == 0 {
		return ""
	}
	return "known regions like it: " + strings.Join(close, ", ")
}
