package org

// Example returns the built-in example organization: a complete landing zone
// with the core accounts and three workload environments. Its ids are
// placeholders in the shape AWS uses, so that every stack synthesizes
// without a bootstrap; replace them with your own through an organization
// file before deploying.
func Example() *Organization {
	o := &Organization{
		Name:           "acme",
		ID:             "o-a1b2c3d4e5",
		HomeRegion:     "us-east-1",
		AllowedRegions: []string{"us-east-1", "us-west-2"},
		Tags: Tags{
			Owner:      "platform-team",
			CostCenter: "cc-1001",
		},
		Backend: Backend{
			Type:      BackendS3,
			Bucket:    "acme-terraform-state-111111111111",
			KeyPrefix: "landing-zone",
			Region:    "us-east-1",
		},
		Accounts: []Account{
			{Name: "management", Email: "aws-management@acme.example", Kind: KindManagement, ID: "111111111111"},
			{Name: "log-archive", Email: "aws-log-archive@acme.example", Kind: KindLogArchive, OU: "Security", ID: "222222222222"},
			{Name: "security", Email: "aws-security@acme.example", Kind: KindSecurity, OU: "Security", ID: "333333333333"},
			{Name: "network", Email: "aws-network@acme.example", Kind: KindNetwork, OU: "Infrastructure", ID: "444444444444"},
			{Name: "shared-services", Email: "aws-shared-services@acme.example", Kind: KindSharedServices, OU: "Infrastructure", ID: "555555555555"},
			{Name: "dev", Email: "aws-dev@acme.example", Kind: KindWorkload, OU: "Workloads/Dev", ID: "666666666666"},
			{Name: "staging", Email: "aws-staging@acme.example", Kind: KindWorkload, OU: "Workloads/Staging", ID: "777777777777"},
			{Name: "prod", Email: "aws-prod@acme.example", Kind: KindWorkload, OU: "Workloads/Prod", ID: "888888888888"},
		},
		Environments: []Environment{
			{
				Name: "dev", Account: "dev", VPC: VPC{CIDR: "10.10.0.0/16", AZCount: 2, NAT: NATSingle}, Orders: Orders{SenderDomain: "dev.shop.acme.example"},
				DNS: &DNS{ZoneID: "Z0DEV00000000000000001", ZoneName: "dev.shop.acme.example"},
				// Small and cheap: one burstable web and app server, one
				// cache node.
				Web: &Web{
					Domain:   "dev.shop.acme.example",
					WebTier:  InstanceTier{InstanceType: "t3.micro", Min: 1, Desired: 1, Max: 2},
					AppTier:  AppTier{Kind: AppTierEC2, InstanceTier: InstanceTier{InstanceType: "t3.small", Min: 1, Desired: 1, Max: 2}},
					Sessions: Sessions{NodeType: "cache.t4g.micro"},
				},
				// Images, a shared file system and a rotated secret; backups
				// without a lock or DR copy outside production.
				Images:  &Images{},
				Files:   &Files{},
				Secrets: []Secret{{Name: "partner-api-key", Description: "API key partners present to the shop API (a random 256-bit key, rotated)"}},
			},
			{
				Name: "staging", Account: "staging", VPC: VPC{CIDR: "10.20.0.0/16", AZCount: 2, NAT: NATSingle}, Orders: Orders{SenderDomain: "staging.shop.acme.example"},
				Analytics: &Analytics{},
				DNS:       &DNS{ZoneID: "Z0STAGING0000000000001", ZoneName: "staging.shop.acme.example"},
				// The app tier on Fargate, so that both kinds are built.
				Web: &Web{
					Domain:   "staging.shop.acme.example",
					WebTier:  InstanceTier{InstanceType: "t3.small", Min: 1, Desired: 2, Max: 4},
					AppTier:  AppTier{Kind: AppTierFargate, CPU: 512, MemoryMiB: 1024, MinTasks: 2, MaxTasks: 10},
					Sessions: Sessions{NodeType: "cache.t4g.small", Replicas: 1, MultiAZ: true},
				},
				Images:  &Images{MaxWidth: 1600, MaxHeight: 1600},
				Files:   &Files{TransitionToIA: "AFTER_14_DAYS"},
				Volumes: []Volume{{Name: "reports", AvailabilityZone: "us-east-1a", SizeGiB: 20, IOPS: 4000, ThroughputMiBs: 250}},
				Secrets: []Secret{{Name: "partner-api-key", RotationSchedule: "rate(7 days)"}},
				Backup:  Backup{DailyRetentionDays: 14, MonthlyRetentionDays: 90},
			},
			{
				Name: "prod", Account: "prod", Production: true, VPC: VPC{CIDR: "10.30.0.0/16", AZCount: 3, NAT: NATPerAZ},
				Orders:    Orders{SenderDomain: "shop.acme.example"},
				Analytics: &Analytics{StreamMode: "PROVISIONED", ShardCount: 2},
				DNS:       &DNS{ZoneID: "Z0PROD0000000000000001", ZoneName: "shop.acme.example"},
				// The guide's sizes: web t3.medium, app m5.large, across
				// three zones; Valkey with two replicas and failover.
				Web: &Web{
					Domain:   "shop.acme.example",
					WebTier:  InstanceTier{InstanceType: "t3.medium", Min: 3, Desired: 3, Max: 9},
					AppTier:  AppTier{Kind: AppTierEC2, InstanceTier: InstanceTier{InstanceType: "m5.large", Min: 3, Desired: 3, Max: 9}},
					Sessions: Sessions{NodeType: "cache.r7g.large", Replicas: 2, MultiAZ: true},
				},
				ReadOnlyAccess: &ReadOnlyAccess{From: []string{"dev"}, ExternalID: "acme-prod-readonly-from-dev"},
				// Backups and snapshots are copied to us-west-2; the vault
				// is locked (governance mode, 7-3650 days by default).
				DRRegion: "us-west-2",
				Images:   &Images{},
				Files:    &Files{},
				Volumes:  []Volume{{Name: "reports", AvailabilityZone: "us-east-1a", SizeGiB: 100}},
				Secrets:  []Secret{{Name: "partner-api-key", Description: "API key partners present to the shop API (a random 256-bit key, rotated)", RotationDays: 30}},
				Backup:   Backup{MonthlyColdStorageAfterDays: 90},
			},
		},
	}
	o.applyDefaults()
	return o
}
