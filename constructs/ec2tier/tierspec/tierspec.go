// Package tierspec holds the rules for an EC2 tier's instance types and
// Auto Scaling capacity, as plain Go, so that the ec2tier and webapp
// constructs and the organization model check the same rules without
// loading the AWS provider.
package tierspec

import (
	"fmt"
	"slices"
	"strings"
)

// instanceSizes are the sizes of the general-purpose, compute- and
// memory-optimized x86_64 families the tiers accept (EC2 User Guide,
// "Amazon EC2 instance types", https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html,
// co.html and mo.html). The AMI is the x86_64 Amazon Linux 2023, so Graviton
// (arm64) families are not listed. Burstable families stop at 2xlarge,
// the others start at large.
var instanceSizes = map[string][]string{
	"t3":  {"nano", "micro", "small", "medium", "large", "xlarge", "2xlarge"},
	"t3a": {"nano", "micro", "small", "medium", "large", "xlarge", "2xlarge"},
	"m5":  {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"},
	"m6i": {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "32xlarge"},
	"m7i": {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "48xlarge"},
	"c5":  {"large", "xlarge", "2xlarge", "4xlarge", "9xlarge", "12xlarge", "18xlarge", "24xlarge"},
	"c6i": {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "32xlarge"},
	"c7i": {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "48xlarge"},
	"r5":  {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"},
	"r6i": {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "32xlarge"},
	"r7i": {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "48xlarge"},
}

// CheckInstanceType checks that t is an x86_64 instance type of a family
// the tiers accept, such as t3.medium or m5.large.
func CheckInstanceType(t string) error {
	family, size, ok := strings.Cut(t, ".")
	sizes, known := instanceSizes[family]
	if !ok || !known {
		fams := make([]string, 0, len(instanceSizes))
		for f := range instanceSizes {
			fams = append(fams, f)
		}
		slices.Sort(fams)
		return fmt.Errorf("not an instance type of the accepted x86_64 families %v (such as t3.medium or m5.large)", fams)
	}
	if !slices.Contains(sizes, size) {
		return fmt.Errorf("%s has no size %q; it has %v", family, size, sizes)
	}
	return nil
}

// Capacity is an Auto Scaling group's size.
type Capacity struct {
	Min, Desired, Max int
}

// Check checks 0 <= Min <= Desired <= Max and Max >= 1.
func (c Capacity) Check() error {
	switch {
	case c.Min < 0:
		return fmt.Errorf("min %d: must not be negative", c.Min)
	case c.Max < 1:
		return fmt.Errorf("max %d: must be at least 1", c.Max)
	case c.Min > c.Desired || c.Desired > c.Max:
		return fmt.Errorf("min %d, desired %d, max %d: must be min <= desired <= max", c.Min, c.Desired, c.Max)
	}
	return nil
}
