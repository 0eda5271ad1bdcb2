package org

// NATMode chooses how private subnets reach the internet: the cost and
// availability trade-off users ask about most.
type NATMode string

// NAT modes.
const (
	NATNone   NATMode = "none"   // no internet egress from private subnets
	NATSingle NATMode = "single" // one gateway: cheap, one AZ is a single point of failure
	NATPerAZ  NATMode = "per-az" // one gateway per AZ: survives an AZ outage
)

// VPC sizes an environment's network.
type VPC struct {
	CIDR    string  `yaml:"cidr"`
	AZCount int     `yaml:"az_count"`
	NAT     NATMode `yaml:"nat"`
}

func (v *VPC) applyDefaults(production bool) {
	if v.AZCount == 0 {
		v.AZCount = 2
		if production {
			v.AZCount = 3
		}
	}
	if v.NAT == "" {
		v.NAT = NATSingle
		if production {
			v.NAT = NATPerAZ
		}
	}
}

// Network configures the network account's Transit Gateway hub.
type Network struct{}

func (n *Network) applyDefaults() {}

// validateNetwork checks the organization-wide network settings.
func (o *Organization) validateNetwork(c *collector) {}
