// Package awsregion knows the AWS regions this project can deploy to: their
// partition and the availability zones every account can use there.
//
// The table is plain data instead of an aws_availability_zones lookup so that
// plans are deterministic and a model asking for more zones than a region has
// is rejected at synth, before anything talks to AWS.
package awsregion

import (
	"fmt"
	"sort"
	"strings"
)

// Region is one AWS region.
type Region struct {
	Name      string
	Partition string
	// ZoneSuffixes are the letters of the zones that every account sees.
	// Zone names map to different physical zones per account, which does
	// not matter here: only the count and the names are used.
	ZoneSuffixes string
}

// Zones returns the first n zone names of the region, such as us-east-1a.
func (r Region) Zones(n int) []string {
	if n > len(r.ZoneSuffixes) {
		n = len(r.ZoneSuffixes)
	}
	out := make([]string, n)
	for i := 0; i < n; i++ {
		out[i] = r.Name + string(r.ZoneSuffixes[i])
	}
	return out
}

// ZoneCount is how many zones the region offers.
func (r Region) ZoneCount() int { return len(r.ZoneSuffixes) }

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
	add := func(partition, suffixes string, names ...string) {
		for _, n := range names {
			regions[n] = Region{Name: n, Partition: partition, ZoneSuffixes: suffixes}
		}
	}
	add("aws", "abc",
		"us-east-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-central-2",
		"eu-north-1", "eu-south-1", "eu-south-2", "ap-south-1", "ap-south-2", "ap-southeast-1",
		"ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7",
		"ap-northeast-3", "ap-east-1", "sa-east-1", "me-south-1", "me-central-1", "af-south-1",
		"il-central-1", "ca-west-1", "mx-central-1")
	add("aws", "abcdef", "us-east-1")
	add("aws", "abcd", "us-west-2", "ap-northeast-2")
	add("aws", "ac", "us-west-1")
	add("aws", "abd", "ca-central-1")
	add("aws", "acd", "ap-northeast-1")
	add("aws-us-gov", "abc", "us-gov-west-1", "us-gov-east-1")
	add("aws-cn", "ab", "cn-north-1")
	add("aws-cn", "abc", "cn-northwest-1")
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
