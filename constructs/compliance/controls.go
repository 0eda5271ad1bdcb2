package compliance

// Sources: the control ids, titles and framework membership follow the
// Security Hub controls reference
// (https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-controls-reference.html),
// the FSBP standard's control list
// (https://docs.aws.amazon.com/securityhub/latest/userguide/fsbp-standard.html)
// and the CIS v3.0.0 list with its requirement numbers
// (https://docs.aws.amazon.com/securityhub/latest/userguide/cis-aws-foundations-benchmark.html#cis3v0-standard).
// The per-service pages are <service>-controls.html#<service>-<n> under
// the same guide. FSBP controls are listed for the services this landing
// zone deploys; Security Hub runs all of FSBP regardless.

// Construct defaults named by the mapping.
const (
	defGuardDuty     = "orgbaseline.NewSecurityServices: GuardDuty detector in every allowed region, auto-enabled for every member"
	defGDFeatures    = "orgbaseline guardDutyFeatures: S3_DATA_EVENTS, EKS_AUDIT_LOGS, EBS_MALWARE_PROTECTION, RDS_LOGIN_EVENTS, LAMBDA_NETWORK_LOGS"
	defAccessAnalyst = "orgbaseline.NewSecurityServices: organization IAM Access Analyzer in every allowed region"
	defConfig        = "accountbaseline: Config recorder (all resource types) and delivery channel in every account and region"
	defTrailData     = "orgbaseline organization trail: S3 data events (advanced event selector) when TrailProps.S3DataEvents is set"
	defPassword      = "accountbaseline: account password policy (minimum length from props, reuse prevention 24)"
	defAccountPAB    = "accountbaseline: account-level S3 public access block, all four settings"
	defEBSDefault    = "accountbaseline: EBS encryption by default with a customer-managed key"
	defRoles         = "iamfoundation: people reach member accounts through roles assumed with an external id and MFA; the landing zone creates no IAM user there"
	defSecrets       = "rdsinstance/auroracluster: master password managed by RDS in Secrets Manager (rotation by RDS)"
	defMinorUpgrade  = "rdsinstance/auroracluster: auto_minor_version_upgrade = true unless the engine version is pinned"
	defMultiAZ       = "rdsinstance: multi_az unless SingleAZ; auroracluster: instances across the subnet group's AZs"
	defCopyTags      = "rdsinstance/auroracluster: copy_tags_to_snapshot = true"
	defALBDeletion   = "loadbalancer: enable_deletion_protection = true"
	defALBMultiAZ    = "loadbalancer: subnets in at least two AZs"
	defCFRootObject  = "staticsite: default_root_object = index.html"
	defCFSNI         = "staticsite: ssl_support_method = sni-only with the ACM certificate, which CF-3 requires (the default *.cloudfront.net certificate fails it)"
	defECRLifecycle  = "fargateservice: ECR lifecycle policy expiring untagged images"
	defFargatePV     = "fargateservice: platform_version unset, which ECS takes as LATEST"
	defNoPublicIP    = "fargateservice: assign_public_ip = false"
	defEFSBackup     = "efsshare: automatic backups on (aws_efs_backup_policy ENABLED), and the workload stacks' backup plan selects EFS"
	defEFSAccess     = "efsshare: the access point sets a root directory and a POSIX user (never root), and the file-system policy admits the clients through it only"
	defEFSPrivate    = "efsshare: mount targets in the VPC's private subnets only"
	defSQSKMS        = "snstopic/serverlessorders: queues and topics with customer-managed keys"
	defWAFRules      = "wafacl: AWS managed rule groups, CloudWatch metrics on every rule, logging to CloudWatch Logs"
	defMinorCache    = "sessionstore: auto_minor_version_upgrade = \"true\""
	defCacheSubnets  = "sessionstore: own subnet group in the workload VPC"
)

// controls is the mapping, grouped by service. Keep Rules, SCPs and Config
// to names that exist: TestMapping checks them.
var controls = []Control{
	// Account
	{ID: "Account.1", Title: "Security contact information should be provided for an AWS account", FSBP: true, Note: "not set by the landing zone; set the alternate security contact per account"},

	// API Gateway
	{ID: "APIGateway.1", Title: "API Gateway REST and WebSocket API execution logging should be enabled", FSBP: true, Rules: []string{"APIGW-2"}},
	{ID: "APIGateway.2", Title: "API Gateway REST API stages should be configured to use SSL certificates for backend authentication", FSBP: true, Note: "backends are Lambda integrations, no HTTP backend client certificate is configured"},
	{ID: "APIGateway.3", Title: "API Gateway REST API stages should have AWS X-Ray tracing enabled", FSBP: true, Rules: []string{"APIGW-6"}},
	{ID: "APIGateway.4", Title: "API Gateway should be associated with a WAF Web ACL", FSBP: true, Rules: []string{"APIGW-3"}},
	{ID: "APIGateway.5", Title: "API Gateway REST API cache data should be encrypted at rest", FSBP: true, Rules: []string{"APIGW-7"}},
	{ID: "APIGateway.8", Title: "API Gateway routes should specify an authorization type", FSBP: true, Rules: []string{"APIGW-4"}},
	{ID: "APIGateway.9", Title: "Access logging should be configured for API Gateway V2 Stages", FSBP: true, Rules: []string{"APIGW-1"}},

	// Athena
	{ID: "Athena.4", Title: "Athena workgroups should have logging enabled", FSBP: true, Note: "no rule checks workgroup logging (ATHENA-1 only enforces the workgroup configuration)"},

	// CloudFront
	{ID: "CloudFront.1", Title: "CloudFront distributions should have a default root object configured", FSBP: true, Defaults: []string{defCFRootObject}},
	{ID: "CloudFront.3", Title: "CloudFront distributions should require encryption in transit", FSBP: true, Rules: []string{"CF-1"}},
	{ID: "CloudFront.4", Title: "CloudFront distributions should have origin failover configured", FSBP: true, Note: "single S3 origin; no origin group"},
	{ID: "CloudFront.5", Title: "CloudFront distributions should have logging enabled", FSBP: true, Rules: []string{"CF-4"}},
	{ID: "CloudFront.6", Title: "CloudFront distributions should have WAF enabled", FSBP: true, Rules: []string{"CF-5"}},
	{ID: "CloudFront.7", Title: "CloudFront distributions should use custom SSL/TLS certificates", FSBP: true, Rules: []string{"CF-3"}},
	{ID: "CloudFront.8", Title: "CloudFront distributions should use SNI to serve HTTPS requests", FSBP: true, Rules: []string{"CF-3"}, Defaults: []string{defCFSNI}},
	{ID: "CloudFront.9", Title: "CloudFront distributions should encrypt traffic to custom origins", FSBP: true, Note: "no rule checks custom origins' origin_protocol_policy"},
	{ID: "CloudFront.10", Title: "CloudFront distributions should not use deprecated SSL protocols between edge locations and custom origins", FSBP: true, Note: "no rule checks custom origins' origin_ssl_protocols"},
	{ID: "CloudFront.12", Title: "CloudFront distributions should not point to non-existent S3 origins", FSBP: true, Note: "origins are buckets of the same stack; checked after deploy only by Security Hub"},
	{ID: "CloudFront.13", Title: "CloudFront distributions should use origin access control", FSBP: true, Rules: []string{"CF-2"}},

	// CloudTrail
	{ID: "CloudTrail.1", Title: "CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events", CIS: "3.1", FSBP: true, Rules: []string{"TRAIL-1"}, SCPs: []string{"ProtectSecurityServices"}, Config: []string{"CLOUD_TRAIL_ENABLED"}},
	{ID: "CloudTrail.2", Title: "CloudTrail should have encryption at-rest enabled", CIS: "3.5", FSBP: true, Rules: []string{"TRAIL-3"}, SCPs: []string{"ProtectLogArchiveKey"}},
	{ID: "CloudTrail.4", Title: "CloudTrail log file validation should be enabled", CIS: "3.2", FSBP: true, Rules: []string{"TRAIL-2"}},
	{ID: "CloudTrail.5", Title: "CloudTrail trails should be integrated with Amazon CloudWatch Logs", FSBP: true, Rules: []string{"TRAIL-4"}},
	{ID: "CloudTrail.7", Title: "Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket", CIS: "3.4", Rules: []string{"S3-1"}, SCPs: []string{"ProtectLogArchive"}},

	// Config
	{ID: "Config.1", Title: "AWS Config should be enabled and use the service-linked role for resource recording", CIS: "3.3", FSBP: true, Rules: []string{"CONFIG-1", "CONFIG-2", "CONFIG-3"}, SCPs: []string{"ProtectSecurityServices"}, Defaults: []string{defConfig}},

	// DynamoDB
	{ID: "Backup.1", Title: "AWS Backup recovery points should be encrypted at rest", FSBP: true, Rules: []string{"BACKUP-1"}},
	{ID: "DynamoDB.1", Title: "DynamoDB tables should automatically scale capacity with demand", FSBP: true, Note: "tables use on-demand capacity (PAY_PER_REQUEST), which Security Hub treats as scaling; no rule checks it"},
	{ID: "DynamoDB.2", Title: "DynamoDB tables should have point-in-time recovery enabled", FSBP: true, Rules: []string{"DDB-1"}},
	{ID: "DynamoDB.6", Title: "DynamoDB tables should have deletion protection enabled", FSBP: true, Rules: []string{"DDB-3"}},
	{ID: "DynamoDB.7", Title: "DynamoDB Accelerator clusters should be encrypted in transit", FSBP: true, Note: "no DAX cluster is deployed"},

	// EC2 / VPC
	{ID: "EC2.1", Title: "Amazon EBS snapshots should not be publicly restorable", FSBP: true, Note: "snapshots are not managed here; Security Hub only"},
	{ID: "EC2.2", Title: "VPC default security groups should not allow inbound or outbound traffic", CIS: "5.4", FSBP: true, Rules: []string{"VPC-2"}, Config: []string{"VPC_DEFAULT_SECURITY_GROUP_CLOSED"}},
	{ID: "EC2.3", Title: "Attached Amazon EBS volumes should be encrypted at-rest", FSBP: true, Rules: []string{"EC2-2", "EBS-1"}, Config: []string{"ENCRYPTED_VOLUMES"}},
	{ID: "EC2.4", Title: "Stopped EC2 instances should be removed after a specified time period", FSBP: true, Note: "operational; Security Hub only"},
	{ID: "EC2.6", Title: "VPC flow logging should be enabled in all VPCs", CIS: "3.7", FSBP: true, Rules: []string{"VPC-1"}, Config: []string{"VPC_FLOW_LOGS_ENABLED"}},
	{ID: "EC2.7", Title: "EBS default encryption should be enabled", CIS: "2.2.1", FSBP: true, Rules: []string{"EC2-3"}, SCPs: []string{"ProtectAccountDefaults"}, Defaults: []string{defEBSDefault}},
	{ID: "EC2.8", Title: "EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)", CIS: "5.6", FSBP: true, Rules: []string{"EC2-1", "EC2-4"}},
	{ID: "EC2.9", Title: "Amazon EC2 instances should not have a public IPv4 address", FSBP: true, Rules: []string{"EC2-5", "VPC-3"}},
	{ID: "EC2.10", Title: "Amazon EC2 should be configured to use VPC endpoints that are created for the Amazon EC2 service", FSBP: true, Note: "no ec2 interface endpoint is created"},
	{ID: "EC2.15", Title: "Amazon EC2 subnets should not automatically assign public IP addresses", FSBP: true, Rules: []string{"VPC-3"}},
	{ID: "EC2.16", Title: "Unused Network Access Control Lists should be removed", FSBP: true, Note: "no custom network ACL is created; Security Hub only"},
	{ID: "EC2.17", Title: "Amazon EC2 instances should not use multiple ENIs", FSBP: true, Note: "Security Hub only"},
	{ID: "EC2.18", Title: "Security groups should only allow unrestricted incoming traffic for authorized ports", FSBP: true, Rules: []string{"VPC-4", "VPC-5"}},
	{ID: "EC2.19", Title: "Security groups should not allow unrestricted access to ports with high risk", FSBP: true, Rules: []string{"VPC-4"}},
	{ID: "EC2.20", Title: "Both VPN tunnels for an AWS Site-to-Site VPN connection should be up", FSBP: true, Note: "no Site-to-Site VPN is deployed"},
	{ID: "EC2.21", Title: "Network ACLs should not allow ingress from 0.0.0.0/0 to port 22 or port 3389", CIS: "5.1", FSBP: true, Note: "the default network ACLs are left open (all traffic); security groups (VPC-4) restrict ports instead. Not covered"},
	{ID: "EC2.23", Title: "Amazon EC2 Transit Gateways should not automatically accept VPC attachment requests", FSBP: true, Note: "networkhub's transit gateway setting is not checked by a rule"},
	{ID: "EC2.25", Title: "Amazon EC2 launch templates should not assign public IPs to network interfaces", FSBP: true, Rules: []string{"EC2-5"}},
	{ID: "EC2.51", Title: "EC2 Client VPN endpoints should have client connection logging enabled", FSBP: true, Note: "no Client VPN endpoint is deployed"},
	{ID: "EC2.53", Title: "EC2 security groups should not allow ingress from 0.0.0.0/0 to remote server administration ports", CIS: "5.2", FSBP: true, Rules: []string{"VPC-4"}},
	{ID: "EC2.54", Title: "EC2 security groups should not allow ingress from ::/0 to remote server administration ports", CIS: "5.3", FSBP: true, Rules: []string{"VPC-4"}},

	// ECR
	{ID: "ECR.1", Title: "ECR private repositories should have image scanning configured", FSBP: true, Rules: []string{"ECR-1"}},
	{ID: "ECR.2", Title: "ECR private repositories should have tag immutability configured", FSBP: true, Rules: []string{"ECR-2"}},
	{ID: "ECR.3", Title: "ECR repositories should have at least one lifecycle policy configured", FSBP: true, Defaults: []string{defECRLifecycle}},

	// ECS
	{ID: "ECS.1", Title: "Amazon ECS task definitions should have secure networking modes and user definitions", FSBP: true, Rules: []string{"ECS-3"}},
	{ID: "ECS.2", Title: "ECS services should not have public IP addresses assigned to them automatically", FSBP: true, Defaults: []string{defNoPublicIP}},
	{ID: "ECS.3", Title: "ECS task definitions should not share the host's process namespace", FSBP: true, Note: "pid_mode is not checked by a rule; fargateservice does not set it"},
	{ID: "ECS.4", Title: "ECS containers should run as non-privileged", FSBP: true, Rules: []string{"ECS-2"}},
	{ID: "ECS.5", Title: "ECS containers should be limited to read-only access to root filesystems", FSBP: true, Rules: []string{"ECS-1"}},
	{ID: "ECS.8", Title: "Secrets should not be passed as container environment variables", FSBP: true, Note: "no rule checks container environment variables"},
	{ID: "ECS.9", Title: "ECS task definitions should have a logging configuration", FSBP: true, Rules: []string{"ECS-4"}},
	{ID: "ECS.10", Title: "ECS Fargate services should run on the latest Fargate platform version", FSBP: true, Defaults: []string{defFargatePV}},
	{ID: "ECS.12", Title: "ECS clusters should use Container Insights", FSBP: true, Rules: []string{"ECS-5"}},

	// EFS (in CIS v3.0.0)
	{ID: "EFS.1", Title: "Elastic File System should be configured to encrypt file data at-rest using AWS KMS", CIS: "2.4.1", FSBP: true, Rules: []string{"EFS-1"}},
	{ID: "EFS.2", Title: "Amazon EFS volumes should be in backup plans", FSBP: true, Defaults: []string{defEFSBackup}},
	{ID: "EFS.3", Title: "EFS access points should enforce a root directory", FSBP: true, Defaults: []string{defEFSAccess}},
	{ID: "EFS.4", Title: "EFS access points should enforce a user identity", FSBP: true, Defaults: []string{defEFSAccess}},
	{ID: "EFS.6", Title: "EFS mount targets should not be associated with a public subnet", FSBP: true, Defaults: []string{defEFSPrivate}},

	// ElastiCache
	{ID: "ElastiCache.1", Title: "ElastiCache (Redis OSS) clusters should have automatic backup enabled", FSBP: true, Rules: []string{"CACHE-5"}},
	{ID: "ElastiCache.2", Title: "ElastiCache clusters should have automatic minor version upgrades enabled", FSBP: true, Defaults: []string{defMinorCache}},
	{ID: "ElastiCache.3", Title: "ElastiCache replication groups should have automatic failover enabled", FSBP: true, Rules: []string{"CACHE-4"}},
	{ID: "ElastiCache.4", Title: "ElastiCache replication groups should be encrypted at rest", FSBP: true, Rules: []string{"CACHE-1"}},
	{ID: "ElastiCache.5", Title: "ElastiCache replication groups should be encrypted in transit", FSBP: true, Rules: []string{"CACHE-2"}},
	{ID: "ElastiCache.6", Title: "ElastiCache (Redis OSS) replication groups of earlier versions should have Redis OSS AUTH enabled", FSBP: true, Rules: []string{"CACHE-3"}},
	{ID: "ElastiCache.7", Title: "ElastiCache clusters should not use the default subnet group", FSBP: true, Defaults: []string{defCacheSubnets}},

	// ELB
	{ID: "ELB.1", Title: "Application Load Balancer should be configured to redirect all HTTP requests to HTTPS", FSBP: true, Rules: []string{"ALB-1"}},
	{ID: "ELB.2", Title: "Classic Load Balancers with SSL/HTTPS listeners should use a certificate provided by AWS Certificate Manager", FSBP: true, Note: "no Classic Load Balancer is deployed"},
	{ID: "ELB.3", Title: "Classic Load Balancer listeners should be configured with HTTPS or TLS termination", FSBP: true, Note: "no Classic Load Balancer is deployed"},
	{ID: "ELB.4", Title: "Application Load Balancer should be configured to drop invalid http headers", FSBP: true, Rules: []string{"ALB-3"}},
	{ID: "ELB.5", Title: "Application and Classic Load Balancers logging should be enabled", FSBP: true, Rules: []string{"ALB-4"}},
	{ID: "ELB.6", Title: "Application, Gateway, and Network Load Balancers should have deletion protection enabled", FSBP: true, Defaults: []string{defALBDeletion}},
	{ID: "ELB.7", Title: "Classic Load Balancers should have connection draining enabled", FSBP: true, Note: "no Classic Load Balancer is deployed"},
	{ID: "ELB.8", Title: "Classic Load Balancers with SSL listeners should use a predefined security policy that has strong AWS Configuration", FSBP: true, Note: "no Classic Load Balancer is deployed"},
	{ID: "ELB.9", Title: "Classic Load Balancers should have cross-zone load balancing enabled", FSBP: true, Note: "no Classic Load Balancer is deployed"},
	{ID: "ELB.10", Title: "Classic Load Balancer should span multiple Availability Zones", FSBP: true, Note: "no Classic Load Balancer is deployed"},
	{ID: "ELB.12", Title: "Application Load Balancer should be configured with defensive or strictest desync mitigation mode", FSBP: true, Rules: []string{"ALB-3"}},
	{ID: "ELB.13", Title: "Application, Network and Gateway Load Balancers should span multiple Availability Zones", FSBP: true, Defaults: []string{defALBMultiAZ}},
	{ID: "ELB.14", Title: "Classic Load Balancer should be configured with defensive or strictest desync mitigation mode", FSBP: true, Note: "no Classic Load Balancer is deployed"},

	// Firehose, Kinesis, Glue
	{ID: "DataFirehose.1", Title: "Firehose delivery streams should be encrypted at rest", FSBP: true, Rules: []string{"FH-1"}},
	{ID: "Kinesis.1", Title: "Kinesis streams should be encrypted at rest", FSBP: true, Rules: []string{"KIN-1"}},
	{ID: "Glue.4", Title: "AWS Glue Spark jobs should run on supported versions of AWS Glue", FSBP: true, Note: "no Glue job is deployed (only the Data Catalog, GLUE-1)"},

	// GuardDuty
	{ID: "GuardDuty.1", Title: "GuardDuty should be enabled", FSBP: true, Rules: []string{"GD-1"}, SCPs: []string{"ProtectSecurityServices", "DenySuppressingFindings"}, Config: []string{"GUARDDUTY_ENABLED_CENTRALIZED"}, Defaults: []string{defGuardDuty}},
	{ID: "GuardDuty.5", Title: "GuardDuty EKS Audit Log Monitoring should be enabled", FSBP: true, Defaults: []string{defGDFeatures}},
	{ID: "GuardDuty.6", Title: "GuardDuty Lambda Protection should be enabled", FSBP: true, Defaults: []string{defGDFeatures}},
	{ID: "GuardDuty.7", Title: "GuardDuty EKS Runtime Monitoring should be enabled", FSBP: true, Note: "EKS_RUNTIME_MONITORING is not among the enabled features (no EKS is deployed)"},
	{ID: "GuardDuty.8", Title: "GuardDuty Malware Protection for EC2 should be enabled", FSBP: true, Defaults: []string{defGDFeatures}},
	{ID: "GuardDuty.9", Title: "GuardDuty RDS Protection should be enabled", FSBP: true, Defaults: []string{defGDFeatures}},
	{ID: "GuardDuty.10", Title: "GuardDuty S3 Protection should be enabled", FSBP: true, Defaults: []string{defGDFeatures}},

	// IAM
	{ID: "IAM.1", Title: `IAM policies should not allow full "*" administrative privileges`, FSBP: true, Rules: []string{"IAM-1", "IAM-7"}},
	{ID: "IAM.2", Title: "IAM users should not have IAM policies attached", CIS: "1.15", FSBP: true, Rules: []string{"IAM-6"}, SCPs: []string{"DenyIAMUsers"}},
	{ID: "IAM.3", Title: "IAM users' access keys should be rotated every 90 days or less", CIS: "1.14", FSBP: true, SCPs: []string{"DenyIAMUsers"}, Defaults: []string{defRoles}},
	{ID: "IAM.4", Title: "IAM root user access key should not exist", CIS: "1.4", FSBP: true, SCPs: []string{"DenyRootUser"}, Config: []string{"IAM_ROOT_ACCESS_KEY_CHECK"}},
	{ID: "IAM.5", Title: "MFA should be enabled for all IAM users that have a console password", CIS: "1.10", FSBP: true, SCPs: []string{"DenyIAMUsers"}, Defaults: []string{defRoles}},
	{ID: "IAM.6", Title: "Hardware MFA should be enabled for the root user", CIS: "1.6", FSBP: true, Note: "root MFA is set by hand per account; DenyRootUser stops member root users from acting, which mitigates but does not meet the control"},
	{ID: "IAM.7", Title: "Password policies for IAM users should have strong configurations", FSBP: true, Config: []string{"IAM_PASSWORD_POLICY"}, Defaults: []string{defPassword}},
	{ID: "IAM.8", Title: "Unused IAM user credentials should be removed", FSBP: true, SCPs: []string{"DenyIAMUsers"}},
	{ID: "IAM.9", Title: "MFA should be enabled for the root user", CIS: "1.5", Note: "root MFA is set by hand per account; DenyRootUser mitigates but does not meet the control"},
	{ID: "IAM.15", Title: "Ensure IAM password policy requires minimum password length of 14 or greater", CIS: "1.8", Config: []string{"IAM_PASSWORD_POLICY"}, Defaults: []string{defPassword}},
	{ID: "IAM.16", Title: "Ensure IAM password policy prevents password reuse", CIS: "1.9", Config: []string{"IAM_PASSWORD_POLICY"}, Defaults: []string{defPassword}},
	{ID: "IAM.18", Title: "Ensure a support role has been created to manage incidents with AWS Support", CIS: "1.17", Note: "no role with AWSSupportAccess is created"},
	{ID: "IAM.21", Title: "IAM customer managed policies that you create should not allow wildcard actions for services", FSBP: true, Rules: []string{"IAM-1"}},
	{ID: "IAM.22", Title: "IAM user credentials unused for 45 days should be removed", CIS: "1.12", SCPs: []string{"DenyIAMUsers"}},
	{ID: "IAM.26", Title: "Expired SSL/TLS certificates managed in IAM should be removed", CIS: "1.19", Note: "certificates come from ACM; IAM server certificates are not checked"},
	{ID: "IAM.27", Title: "IAM identities should not have the AWSCloudShellFullAccess policy attached", CIS: "1.22", Note: "no rule checks this managed policy"},
	{ID: "IAM.28", Title: "IAM Access Analyzer external access analyzer should be enabled", CIS: "1.20", SCPs: []string{"ProtectSecurityServices"}, Defaults: []string{defAccessAnalyst}},

	// KMS
	{ID: "KMS.1", Title: "IAM customer managed policies should not allow decryption actions on all KMS keys", FSBP: true, Rules: []string{"IAM-2"}},
	{ID: "KMS.2", Title: "IAM principals should not have IAM inline policies that allow decryption actions on all KMS keys", FSBP: true, Rules: []string{"IAM-2"}},
	{ID: "KMS.3", Title: "AWS KMS keys should not be deleted unintentionally", FSBP: true, Note: "only the log archive key is protected (ProtectLogArchiveKey); other keys' deletion is not prevented"},
	{ID: "KMS.4", Title: "AWS KMS key rotation should be enabled", CIS: "3.6", Rules: []string{"KMS-1"}},
	{ID: "KMS.5", Title: "KMS keys should not be publicly accessible", FSBP: true, Rules: []string{"KMS-2", "IAM-4"}},

	// Lambda
	{ID: "Lambda.1", Title: "Lambda function policies should prohibit public access", FSBP: true, Rules: []string{"LAMBDA-5", "LAMBDA-6"}},
	{ID: "Lambda.2", Title: "Lambda functions should use supported runtimes", FSBP: true, Note: "no rule checks the runtime; the functions use provided.al2023 (Go)"},
	{ID: "Lambda.5", Title: "VPC Lambda functions should operate in multiple Availability Zones", FSBP: true, Note: "no rule checks vpc_config subnets"},

	// RDS
	{ID: "RDS.1", Title: "RDS snapshot should be private", FSBP: true, Note: "snapshots are not managed here; Security Hub only"},
	{ID: "RDS.2", Title: "RDS DB Instances should prohibit public access", CIS: "2.3.3", FSBP: true, Rules: []string{"RDS-8"}},
	{ID: "RDS.3", Title: "RDS DB instances should have encryption at-rest enabled", CIS: "2.3.1", FSBP: true, Rules: []string{"RDS-1"}, Config: []string{"RDS_STORAGE_ENCRYPTED"}},
	{ID: "RDS.4", Title: "RDS cluster snapshots and database snapshots should be encrypted at rest", FSBP: true, Rules: []string{"RDS-1"}, Note: "automated snapshots inherit the storage key"},
	{ID: "RDS.5", Title: "RDS DB instances should be configured with multiple Availability Zones", FSBP: true, Defaults: []string{defMultiAZ}, Note: "non-prod databases are single-AZ by choice"},
	{ID: "RDS.6", Title: "Enhanced monitoring should be configured for RDS DB instances", FSBP: true, Rules: []string{"RDS-10"}},
	{ID: "RDS.7", Title: "RDS clusters should have deletion protection enabled", FSBP: true, Rules: []string{"RDS-2"}},
	{ID: "RDS.8", Title: "RDS DB instances should have deletion protection enabled", FSBP: true, Rules: []string{"RDS-2"}},
	{ID: "RDS.9", Title: "RDS DB instances should publish logs to CloudWatch Logs", FSBP: true, Rules: []string{"RDS-7"}},
	{ID: "RDS.10", Title: "IAM authentication should be configured for RDS instances", FSBP: true, Rules: []string{"RDS-3"}},
	{ID: "RDS.11", Title: "RDS instances should have automatic backups enabled", FSBP: true, Rules: []string{"RDS-4"}},
	{ID: "RDS.12", Title: "IAM authentication should be configured for RDS clusters", FSBP: true, Rules: []string{"RDS-3"}},
	{ID: "RDS.13", Title: "RDS automatic minor version upgrades should be enabled", CIS: "2.3.2", FSBP: true, Defaults: []string{defMinorUpgrade}},
	{ID: "RDS.14", Title: "Amazon Aurora clusters should have backtracking enabled", FSBP: true, Note: "backtracking (Aurora MySQL only) is not set"},
	{ID: "RDS.15", Title: "RDS DB clusters should be configured for multiple Availability Zones", FSBP: true, Defaults: []string{defMultiAZ}},
	{ID: "RDS.16", Title: "RDS DB clusters should be configured to copy tags to snapshots", FSBP: true, Defaults: []string{defCopyTags}},
	{ID: "RDS.17", Title: "RDS DB instances should be configured to copy tags to snapshots", FSBP: true, Defaults: []string{defCopyTags}},
	{ID: "RDS.23", Title: "RDS instances should not use a database engine default port", FSBP: true, Note: "databases listen on the engine default port"},
	{ID: "RDS.24", Title: "RDS Database clusters should use a custom administrator username", FSBP: true, Note: "no rule checks master_username"},
	{ID: "RDS.25", Title: "RDS database instances should use a custom administrator username", FSBP: true, Note: "no rule checks master_username"},
	{ID: "RDS.27", Title: "RDS DB clusters should be encrypted at rest", FSBP: true, Rules: []string{"RDS-1"}},

	// S3
	{ID: "S3.1", Title: "S3 general purpose buckets should have block public access settings enabled", CIS: "2.1.4", FSBP: true, SCPs: []string{"ProtectAccountDefaults"}, Defaults: []string{defAccountPAB}},
	{ID: "S3.2", Title: "S3 general purpose buckets should block public read access", FSBP: true, Rules: []string{"S3-2", "S3-8", "IAM-4"}, Config: []string{"S3_BUCKET_PUBLIC_READ_PROHIBITED"}},
	{ID: "S3.3", Title: "S3 general purpose buckets should block public write access", FSBP: true, Rules: []string{"S3-2", "S3-8", "IAM-4"}, Config: []string{"S3_BUCKET_PUBLIC_WRITE_PROHIBITED"}},
	{ID: "S3.5", Title: "S3 general purpose buckets should require requests to use SSL", CIS: "2.1.1", FSBP: true, Rules: []string{"S3-3"}, Config: []string{"S3_BUCKET_SSL_REQUESTS_ONLY"}},
	{ID: "S3.6", Title: "S3 general purpose bucket policies should restrict access to other AWS accounts", FSBP: true, Rules: []string{"IAM-5"}},
	{ID: "S3.8", Title: "S3 general purpose buckets should block public access", CIS: "2.1.4", FSBP: true, Rules: []string{"S3-2"}},
	{ID: "S3.9", Title: "S3 general purpose buckets should have server access logging enabled", FSBP: true, Rules: []string{"S3-1"}},
	{ID: "S3.12", Title: "ACLs should not be used to manage user access to S3 general purpose buckets", FSBP: true, Rules: []string{"S3-6"}},
	{ID: "S3.13", Title: "S3 general purpose buckets should have Lifecycle configurations", FSBP: true, Rules: []string{"S3-7"}},
	{ID: "S3.19", Title: "S3 access points should have block public access settings enabled", FSBP: true, Note: "no access point is deployed"},
	{ID: "S3.20", Title: "S3 general purpose buckets should have MFA delete enabled", CIS: "2.1.2", Note: "MFA delete can only be enabled by the root user by hand; versioning is on (S3-5)"},
	{ID: "S3.22", Title: "S3 general purpose buckets should log object-level write events", CIS: "3.8", Config: []string{"CLOUDTRAIL_S3_DATAEVENTS_ENABLED"}, Defaults: []string{defTrailData}},
	{ID: "S3.23", Title: "S3 general purpose buckets should log object-level read events", CIS: "3.9", Config: []string{"CLOUDTRAIL_S3_DATAEVENTS_ENABLED"}, Defaults: []string{defTrailData}},
	{ID: "S3.24", Title: "S3 Multi-Region Access Points should have block public access settings enabled", FSBP: true, Note: "no Multi-Region Access Point is deployed"},

	// Secrets Manager
	{ID: "SecretsManager.1", Title: "Secrets Manager secrets should have automatic rotation enabled", FSBP: true, Rules: []string{"RDS-9", "SM-2"}, Defaults: []string{defSecrets}},
	{ID: "SecretsManager.2", Title: "Secrets Manager secrets configured with automatic rotation should rotate successfully", FSBP: true, Note: "runtime; Security Hub only"},
	{ID: "SecretsManager.3", Title: "Remove unused Secrets Manager secrets", FSBP: true, Note: "runtime; Security Hub only"},
	{ID: "SecretsManager.4", Title: "Secrets Manager secrets should be rotated within a specified number of days", FSBP: true, Defaults: []string{defSecrets}},

	// SQS
	{ID: "SQS.1", Title: "Amazon SQS queues should be encrypted at rest", FSBP: true, Rules: []string{"SQS-1"}},

	// SSM
	{ID: "SSM.1", Title: "Amazon EC2 instances should be managed by AWS Systems Manager", FSBP: true, Note: "ec2tier's instance role has AmazonSSMManagedInstanceCore; no rule checks it"},
	{ID: "SSM.2", Title: "Amazon EC2 instances managed by Systems Manager should have a patch compliance status of COMPLIANT after a patch installation", FSBP: true, Note: "no patch baseline or maintenance window is deployed"},
	{ID: "SSM.3", Title: "Amazon EC2 instances managed by Systems Manager should have an association compliance status of COMPLIANT", FSBP: true, Note: "runtime; Security Hub only"},
	{ID: "SSM.4", Title: "SSM documents should not be public", FSBP: true, Note: "no SSM document is deployed"},
	{ID: "SSM.7", Title: "SSM documents should have the block public sharing setting enabled", FSBP: true, Note: "the account setting is not managed"},

	// WAF
	{ID: "WAF.1", Title: "AWS WAF Classic Global Web ACL logging should be enabled", FSBP: true, Note: "WAF Classic is not used"},
	{ID: "WAF.2", Title: "AWS WAF Classic Regional rules should have at least one condition", FSBP: true, Note: "WAF Classic is not used"},
	{ID: "WAF.3", Title: "AWS WAF Classic Regional rule groups should have at least one rule", FSBP: true, Note: "WAF Classic is not used"},
	{ID: "WAF.4", Title: "AWS WAF Classic Regional web ACLs should have at least one rule or rule group", FSBP: true, Note: "WAF Classic is not used"},
	{ID: "WAF.6", Title: "AWS WAF Classic global rules should have at least one condition", FSBP: true, Note: "WAF Classic is not used"},
	{ID: "WAF.7", Title: "AWS WAF Classic global rule groups should have at least one rule", FSBP: true, Note: "WAF Classic is not used"},
	{ID: "WAF.8", Title: "AWS WAF Classic global web ACLs should have at least one rule or rule group", FSBP: true, Note: "WAF Classic is not used"},
	{ID: "WAF.10", Title: "AWS WAF web ACLs should have at least one rule or rule group", FSBP: true, Defaults: []string{defWAFRules}},
	{ID: "WAF.12", Title: "AWS WAF rules should have CloudWatch metrics enabled", FSBP: true, Defaults: []string{defWAFRules}},
}

// unmapped are the policycheck rules that map to no control of either
// framework, with the reason; TestMapping requires every rule of the pack
// to be mapped or listed here.
var unmapped = map[string]string{
	"ALB-2":    "TLS 1.3 policy: stricter than ELB.8 (Classic only); no FSBP/CIS control for ALB policies",
	"ALB-5":    "WAF on internet-facing ALBs: no FSBP control for ALB WAF association in v1.0.0",
	"R53-1":    "availability alarm, not a security control",
	"FH-2":     "delivery error logging: operational",
	"GLUE-1":   "Glue Data Catalog encryption: no FSBP control for it",
	"ATHENA-2": "query result encryption: no FSBP control for it",
	"ATHENA-3": "scan limit: cost control",
	"SM-1":     "secret CMK: FSBP has no Secrets Manager CMK control",
	"LAMBDA-7": "S3 source_account on invoke permissions: confused deputy, stricter than Lambda.1 (public access)",
	"APIGW-5":  "request validation: no FSBP/CIS control",
	"ATHENA-1": "enforced workgroup configuration: no FSBP control (Athena.4 is about logging)",
	"APIGW-8":  "custom domain TLS 1.2: no FSBP/CIS control",
	"TF-1":     "provider argument conflicts: deploy correctness",
	"EFS-2":    "TLS-only file-system policy: no FSBP/CIS control for EFS policies",
	"BACKUP-2": "recovery-point deletion denied by the vault policy: no FSBP/CIS control (the Config rule backup-recovery-point-manual-deletion-disabled also wants PutBackupVaultAccessPolicy in the same unconditioned Deny, which would lock out the deploying role; here it is a separate Deny for everyone but that role)",
	"BACKUP-6": "vault lock on disaster-recovery plans: no FSBP/CIS control",
	"BACKUP-5": "DR copies of a locked vault are locked too: no FSBP/CIS control",
	"BACKUP-3": "plan retention inside the vault lock's range: deploy correctness (the vault fails jobs outside it), no FSBP/CIS control",
	"BACKUP-4": "compliance-mode vault lock as a deliberate choice: no FSBP/CIS control for vault lock modes",
	"DLM-1":    "CMK-encrypted cross-Region snapshot copies: no FSBP/CIS control for DLM policies (EC2.3 covers attached volumes only)",
	"TF-2":     "timestamp()/uuid() in arguments: deploy correctness (perpetual diff)",
	"DDB-2":    "customer-managed key: FSBP has no DynamoDB CMK control",
	"ECR-3":    "customer-managed key: no FSBP control",
	"LAMBDA-1": "dead-letter queues: reliability",
	"LAMBDA-2": "X-Ray tracing: no FSBP control for Lambda tracing",
	"LAMBDA-3": "reserved concurrency: availability",
	"LAMBDA-4": "environment encryption: no FSBP control",
	"LOGS-1":   "log retention: no FSBP/CIS control",
	"LOGS-2":   "log group encryption: no FSBP/CIS control",
	"IAM-3":    "trust policies: no FSBP/CIS control",
	"RDS-5":    "Performance Insights: operational",
	"RDS-6":    "Performance Insights encryption: no FSBP control",
	"S3-4":     "customer-managed key: stricter than FSBP (S3 default encryption is always on)",
	"S3-5":     "versioning: no FSBP control in v1.0.0 (S3.14 is NIST only)",
	"SQS-2":    "dead-letter queues: reliability",
	"SQS-3":    "TLS-only queue policy: no FSBP control",
	"SNS-1":    "topic encryption: not in FSBP v1.0.0 (SNS.1 is NIST only)",
	"SNS-2":    "TLS-only topic policy: no FSBP control",
	"VPC-6":    "rule descriptions: hygiene",
	"VPC-7":    "group descriptions: hygiene",
	"VPC-8":    "unrestricted egress: no FSBP/CIS control",
}

// unmappedSids are guardrail statements that map to no control, with the
// reason; TestMapping requires every Sid to be mapped or listed here.
var unmappedSids = map[string]string{
	"DenyAll":                   "suspended accounts: denies everything",
	"DenyLeaveOrganization":     "keeps accounts under the organization's guardrails; no control names it",
	"ProtectExemptRoles":        "protects the deploy role the other guardrails exempt",
	"DenyOutsideAllowedRegions": "data residency; no FSBP/CIS control",
}
