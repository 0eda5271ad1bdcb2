package ec2tier

import "github.com/acme/landing-zone/constructs/ec2tier/tierspec"

// Capacity is an Auto Scaling group's size; its rules are tierspec's.
type Capacity = tierspec.Capacity

// CheckInstanceType checks that t is an x86_64 instance type of a family
// the tiers accept, such as t3.medium or m5.large (tierspec.CheckInstanceType).
func CheckInstanceType(t string) error { return tierspec.CheckInstanceType(t) }
