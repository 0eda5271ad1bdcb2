package networkhub_test

import (
	"fmt"
	"log"

	"github.com/acme/landing-zone/constructs/awsregion"
	"github.com/acme/landing-zone/constructs/internal/examplestack"
	"github.com/acme/landing-zone/constructs/networkhub"
	"github.com/acme/landing-zone/constructs/networkhub/netplan"
)

// A three-tier VPC over two zones with one NAT gateway; the subnet plan is
// plain Go, known before synth.
func ExampleNewVPC() {
	ex := examplestack.New("123456789012", "eu-west-1")
	stack := ex.Stack
	region, err := awsregion.Lookup("eu-west-1")
	if err != nil {
		log.Fatal(err)
	}
	vpc, err := networkhub.NewVPC(stack, "vpc", networkhub.VPCProps{
		Name: "shop-prod", CIDR: "10.40.0.0/16", Zones: region.Zones(2), NAT: networkhub.NATSingle,
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, tier := range netplan.Tiers {
		fmt.Println(tier, vpc.Subnets[tier][0].CIDR, vpc.Subnets[tier][1].CIDR)
	}
	r := ex.Resources()
	fmt.Println(len(r["aws_subnet"]), "subnets,", len(r["aws_nat_gateway"]), "NAT gateway")
	// Output:
	// public 10.40.120.0/22 10.40.124.0/22
	// private 10.40.0.0/19 10.40.32.0/19
	// isolated 10.40.96.0/21 10.40.104.0/21
	// 6 subnets, 1 NAT gateway
}
