// Package rdsinstance provides a single RDS for PostgreSQL instance with a
// Multi-AZ standby and optional read replicas, under the same secure
// defaults as auroracluster, for those who do not want Aurora.
//
// The primary and its standby live in isolated subnets behind a security
// group open to the app tier only, on gp3 storage that grows by itself up to
// a ceiling. Storage, the RDS-managed master user secret, Performance
// Insights and the exported logs are encrypted with a customer-managed key;
// connections are TLS-only; backups, a final snapshot and deletion
// protection are on; alarms go to an encrypted topic.
package rdsinstance

import (
	"fmt"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchmetricalarm"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dbinstance"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dbparametergroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dbsubnetgroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/securitygroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpcsecuritygroupingressrule"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/auroracluster/dbspec"
	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/iamrole"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/loggroup"
	"github.com/acme/landing-zone/constructs/snstopic"
	"github.com/acme/landing-zone/constructs/tags"
)

// Instance is the result of New: what applications and other stacks need.
type Instance struct {
	// Name is the primary's identifier; ARN is derived from it.
	Name, ARN string
	// ResourceID is the primary's resource id (db-...), which IAM database
	// authentication policies name.
	ResourceID *string
	// Address is the primary's DNS name; ReplicaAddresses are the read
	// replicas'.
	Address          *string
	ReplicaAddresses []*string
	Port             int
	MasterUsername   string
	// SecretARN is the Secrets Manager secret RDS keeps the master user's
	// credentials in.
	SecretARN       *string
	SecurityGroupID *string
	Key             *kmskey.Key
	AlarmTopic      *snstopic.Topic
}

// New validates props in plain Go first, then creates the instance, its
// replicas and what they need.
func New(scope constructs.Construct, id string, props Props) (*Instance, error) {
	c, err := props.resolve(id)
	if err != nil {
		return nil, err
	}
	env, err := awsenv.Of(scope)
	if err != nil {
		return nil, fmt.Errorf("rdsinstance %s: %w", id, err)
	}
	fail := func(err error) (*Instance, error) { return nil, fmt.Errorf("rdsinstance %s: %w", id, err) }
	t := tags.Ptrs(c.Tags)

	key, err := kmskey.Use(scope, id+"-key", c.Key, kmskey.Props{
		Alias:       "rds/" + c.Name,
		Description: "Encrypts RDS instance " + c.Name + ": storage, master user secret, Performance Insights, logs and alarms",
		Statements:  []iampolicy.Statement{kmskey.CloudWatchLogsUse(env)},
		Tags:        c.Tags,
	})
	if err != nil {
		return fail(err)
	}

	monitoring := c.MonitoringRole
	if monitoring == nil {
		monitoring, err = iamrole.New(scope, id+"-monitoring", iamrole.Props{
			Name:        c.Name + "-rds-monitoring",
			Description: "Lets RDS enhanced monitoring of " + c.Name + " write OS metrics to CloudWatch Logs",
			Trust:       iamrole.ServiceTrust(env.ServicePrincipal("monitoring.rds"), env.AccountID),
			// The one AWS managed policy here: RDS writes to a log group
			// it names itself, and AWS keeps the policy in step with it.
			ManagedPolicyARNs: []string{"arn:" + env.Partition + ":iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"},
			Tags:              c.Tags,
		})
		if err != nil {
			return fail(err)
		}
	}

	topic := c.AlarmTopic
	if topic == nil {
		if topic, err = snstopic.New(scope, id+"-alarms", snstopic.Props{Name: c.Name + "-alarms", Key: key, PublishingServices: []string{"cloudwatch"}, Tags: c.Tags}); err != nil {
			return fail(err)
		}
	}

	subnets := dbsubnetgroup.NewDbSubnetGroup(scope, jsii.String(id+"-subnets"), &dbsubnetgroup.DbSubnetGroupConfig{
		Name:        jsii.String(c.Name),
		Description: jsii.String("Isolated subnets of RDS instance " + c.Name),
		SubnetIds:   &c.SubnetIDs,
		Tags:        t,
	})
	sgID := c.SecurityGroupID
	if sgID == nil {
		sgID = securitygroup.NewSecurityGroup(scope, jsii.String(id+"-sg"), &securitygroup.SecurityGroupConfig{
			Name:        jsii.String(c.Name + "-db"),
			Description: jsii.String("RDS instance " + c.Name + ": PostgreSQL from the app tier only"),
			VpcId:       c.VPCID,
			// No egress: the database opens no connections of its own.
			Egress: []*securitygroup.SecurityGroupEgress{},
			Tags:   t,
		}).Id()
	}
	for i, source := range c.AllowedSecurityGroupIDs {
		vpcsecuritygroupingressrule.NewVpcSecurityGroupIngressRule(scope, jsii.String(fmt.Sprintf("%s-ingress-%d", id, i)), &vpcsecuritygroupingressrule.VpcSecurityGroupIngressRuleConfig{
			SecurityGroupId:           sgID,
			Description:               jsii.String("PostgreSQL from an allowed security group"),
			IpProtocol:                jsii.String("tcp"),
			FromPort:                  jsii.Number(c.Port),
			ToPort:                    jsii.Number(c.Port),
			ReferencedSecurityGroupId: source,
			Tags:                      t,
		})
	}
	var params []*dbparametergroup.DbParameterGroupParameter
	for _, p := range c.parameters() {
		params = append(params, &dbparametergroup.DbParameterGroupParameter{Name: jsii.String(p.Name), Value: jsii.String(p.Value), ApplyMethod: jsii.String(p.ApplyMethod)})
	}
	family := c.version.ParameterGroupFamily()
	pg := dbparametergroup.NewDbParameterGroup(scope, jsii.String(id+"-params"), &dbparametergroup.DbParameterGroupConfig{
		// A name prefix, not a name: description and family are ForceNew,
		// and the replacement is created before the old group (still in
		// use, which RDS refuses to delete) goes, so a fixed name would
		// fail with "already exists". Source: Terraform AWS provider docs,
		// aws_db_parameter_group, "create_before_destroy Lifecycle
		// Configuration".
		NamePrefix:  jsii.String(c.Name + "-" + family + "-"),
		Family:      jsii.String(family),
		Description: jsii.String("RDS instance " + c.Name + ": TLS only, connection and statement logging"),
		Parameter:   params,
		Lifecycle:   &cdktf.TerraformResourceLifecycle{CreateBeforeDestroy: jsii.Bool(true)},
		Tags:        t,
	})

	out := &Instance{
		Name:            c.Name,
		ARN:             env.ARN("rds", "db:"+c.Name),
		Port:            c.Port,
		MasterUsername:  c.MasterUsername,
		SecurityGroupID: sgID,
		Key:             key,
		AlarmTopic:      topic,
	}
	var primary dbinstance.DbInstance
	for _, m := range c.members() {
		// RDS creates the export's log groups on first write, unencrypted
		// and kept forever, unless they already exist.
		var ready []cdktf.ITerraformDependable
		for _, export := range logExports {
			lgID := fmt.Sprintf("%s-%s-%s-logs", id, m.Suffix, export)
			lg, err := loggroup.New(scope, lgID, loggroup.Props{
				Name: "/aws/rds/instance/" + m.Identifier + "/" + export, Key: key, RetentionDays: c.LogRetentionDays, Tags: c.Tags,
			})
			if err != nil {
				return fail(err)
			}
			ready = append(ready, lg.Resource)
		}
		// RDS refuses a monitoring role that lacks its policy.
		ready = append(ready, *monitoring.Ready()...)
		cfg := &dbinstance.DbInstanceConfig{
			Identifier:                         jsii.String(m.Identifier),
			InstanceClass:                      jsii.String(m.Class),
			StorageType:                        jsii.String("gp3"),
			MaxAllocatedStorage:                jsii.Number(c.MaxAllocatedStorageGiB),
			StorageEncrypted:                   jsii.Bool(true),
			VpcSecurityGroupIds:                &[]*string{sgID},
			ParameterGroupName:                 pg.Name(),
			PubliclyAccessible:                 jsii.Bool(false),
			IamDatabaseAuthenticationEnabled:   jsii.Bool(true),
			EnabledCloudwatchLogsExports:       jsii.Strings(logExports...),
			AutoMinorVersionUpgrade:            jsii.Bool(!c.version.Pinned),
			PerformanceInsightsEnabled:         jsii.Bool(true),
			PerformanceInsightsKmsKeyId:        key.ARN,
			PerformanceInsightsRetentionPeriod: jsii.Number(c.PerformanceInsightsRetentionDays),
			MonitoringInterval:                 jsii.Number(c.MonitoringIntervalSeconds),
			MonitoringRoleArn:                  monitoring.ARN,
			CopyTagsToSnapshot:                 jsii.Bool(true),
			DeletionProtection:                 jsii.Bool(!c.DisableDeletionProtection),
			ApplyImmediately:                   jsii.Bool(c.ApplyImmediately),
			MaintenanceWindow:                  jsii.String(c.PreferredMaintenanceWindow),
			Tags:                               t,
			DependsOn:                          &ready,
		}
		if m.Replica {
			// A replica takes engine, version, storage size, key, user
			// and password from its source (AWS asks not to name the key
			// of a same-region replica); RDS takes no final snapshot of a
			// replica, and Multi-AZ is the primary's job.
			cfg.ReplicateSourceDb = primary.Identifier()
			cfg.SkipFinalSnapshot = jsii.Bool(true)
		} else {
			cfg.KmsKeyId = key.ARN
			cfg.Engine = jsii.String(dbspec.RDSEngine)
			cfg.EngineVersion = jsii.String(c.version.String())
			cfg.AllocatedStorage = jsii.Number(c.AllocatedStorageGiB)
			cfg.Username = jsii.String(c.MasterUsername)
			cfg.ManageMasterUserPassword = jsii.Bool(true)
			cfg.MasterUserSecretKmsKeyId = key.ARN
			cfg.Port = jsii.Number(c.Port)
			cfg.DbSubnetGroupName = subnets.Name()
			cfg.MultiAz = jsii.Bool(!c.SingleAZ)
			cfg.BackupRetentionPeriod = jsii.Number(c.BackupRetentionDays)
			cfg.BackupWindow = jsii.String(c.PreferredBackupWindow)
			cfg.DeleteAutomatedBackups = jsii.Bool(false)
			cfg.SkipFinalSnapshot = jsii.Bool(c.SkipFinalSnapshot)
			cfg.FinalSnapshotIdentifier = jsii.String(c.Name + "-final")
			if c.DatabaseName != "" {
				cfg.DbName = jsii.String(c.DatabaseName)
			}
			if c.AllowMajorVersionUpgrade {
				cfg.AllowMajorVersionUpgrade = jsii.Bool(true)
			}
		}
		inst := dbinstance.NewDbInstance(scope, jsii.String(id+"-"+m.Suffix), cfg)
		if m.Replica {
			out.ReplicaAddresses = append(out.ReplicaAddresses, inst.Address())
			continue
		}
		primary = inst
		out.ResourceID, out.Address = inst.ResourceId(), inst.Address()
		out.SecretARN = inst.MasterUserSecret().Get(jsii.Number(0)).SecretArn()
	}

	// The reference orders the alarms after the topic they notify.
	actions := &[]*string{topic.Ref}
	for _, a := range c.alarms() {
		cloudwatchmetricalarm.NewCloudwatchMetricAlarm(scope, jsii.String(id+"-alarm-"+a.Name[len(c.Name)+1:]), &cloudwatchmetricalarm.CloudwatchMetricAlarmConfig{
			AlarmName: jsii.String(a.Name), AlarmDescription: jsii.String(a.Description),
			Namespace: jsii.String("AWS/RDS"), MetricName: jsii.String(a.Metric), Statistic: jsii.String(a.Statistic),
			ComparisonOperator: jsii.String(a.Comparison), Threshold: jsii.Number(a.Threshold),
			Period: jsii.Number(300), EvaluationPeriods: jsii.Number(3), DatapointsToAlarm: jsii.Number(3),
			Dimensions:   &map[string]*string{"DBInstanceIdentifier": jsii.String(a.Instance)},
			AlarmActions: actions, OkActions: actions,
			Tags: t,
		})
	}
	return out, nil
}
