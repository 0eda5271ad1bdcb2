package auroracluster_test

import (
	"fmt"
	"log"

	"github.com/aws/jsii-runtime-go"

	"github.com/acme/landing-zone/constructs/auroracluster"
	"github.com/acme/landing-zone/constructs/internal/examplestack"
)

// An encrypted Aurora PostgreSQL cluster with a writer and a reader in
// isolated subnets, reachable from the app tier's security group.
func Example() {
	ex := examplestack.New("123456789012", "eu-west-1")
	stack := ex.Stack
	cluster, err := auroracluster.New(stack, "db", auroracluster.Props{
		Name:                    "shop-prod",
		VPCID:                   jsii.String("vpc-0123456789abcdef0"),
		SubnetIDs:               *jsii.Strings("subnet-isolated-a", "subnet-isolated-b"),
		AvailabilityZones:       []string{"eu-west-1a", "eu-west-1b"},
		AllowedSecurityGroupIDs: *jsii.Strings("sg-app"),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cluster.ARN)
	r := ex.Resources()
	fmt.Println(len(r["aws_rds_cluster"]), "cluster,", len(r["aws_rds_cluster_instance"]), "instances")
	// Output:
	// arn:aws:rds:eu-west-1:123456789012:cluster:shop-prod
	// 1 cluster, 2 instances
}
