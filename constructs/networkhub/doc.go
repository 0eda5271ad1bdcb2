// Package networkhub provides the network of the landing zone: a three-tier
// VPC with NAT, endpoints, flow logs and network ACLs (NewVPC), tiered
// security groups (NewTierSecurityGroups), a segmented Transit Gateway hub
// shared through RAM (NewHub), spoke attachments and their acceptance
// (NewSpoke, NewSpokeAcceptance) and VPC peering (NewPeering,
// NewPeeringAccepter).
//
// The address plan, segments and endpoint catalogue are plain Go in the
// netplan subpackage, which the organization model uses to validate the same
// inputs before any construct exists.
package networkhub
