// Package auroracluster provides an Aurora PostgreSQL cluster that is
// private, encrypted, backed up, monitored and scaled by default.
//
// A Cluster is a writer and readers spread over the availability zones of
// isolated subnets, reachable on the database port only from the security
// groups it is given, with TLS enforced by its parameter group. Storage, the
// RDS-managed master user secret, Performance Insights and the exported
// PostgreSQL log are encrypted with a customer-managed key. Readers scale on
// CPU between a floor of at least one and a configurable maximum, and alarms
// on CPU, memory, replica lag and deadlocks go to an encrypted topic.
//
// The plain rules (versions, classes, windows, limits) live in dbspec, so
// that the organization model checks its files with the same code.
package auroracluster

import (
	"fmt"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dbsubnetgroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/rdscluster"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/rdsclusterinstance"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/auroracluster/dbspec"
	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/loggroup"
	"github.com/acme/landing-zone/constructs/snstopic"
	"github.com/acme/landing-zone/constructs/tags"
)

// Cluster is the result of New: what applications, other constructs and
// other stacks need to reach and refer to the database.
type Cluster struct {
	// Name is the cluster identifier.
	Name string
	// ARN is the cluster's ARN, derived from the name (plain).
	ARN string
	// ResourceID is the cluster resource id (cluster-...), which IAM
	// database authentication policies name.
	ResourceID *string
	// WriterEndpoint and ReaderEndpoint are the cluster's DNS names for
	// writes and for load-balanced reads.
	WriterEndpoint, ReaderEndpoint *string
	// Port is the port the cluster listens on.
	Port int
	// MasterUsername is the master user's name.
	MasterUsername string
	// SecretARN is the ARN of the Secrets Manager secret holding the master
	// user's credentials, made and rotated by RDS.
	SecretARN *string
	// SecurityGroupID is the cluster's security group (made or given), to
	// which other constructs may add ingress from their own groups.
	SecurityGroupID *string
	// Key encrypts storage, the secret, Performance Insights and logs.
	Key *kmskey.Key
	// AlarmTopic receives the cluster's alarms.
	AlarmTopic *snstopic.Topic
	// LogGroup receives the exported PostgreSQL log.
	LogGroup *loggroup.LogGroup
	// EngineVersion is the version the cluster was made with.
	EngineVersion string

	env awsenv.Env
}

// New validates props in plain Go first, so that bad input returns an error
// before any resource exists, then creates the cluster and everything it
// needs.
func New(scope constructs.Construct, id string, props Props) (*Cluster, error) {
	c, err := props.resolve(id)
	if err != nil {
		return nil, err
	}
	env, err := awsenv.Of(scope)
	if err != nil {
		return nil, fmt.Errorf("auroracluster %s: %w", id, err)
	}
	if err := checkZones(id, c.AvailabilityZones, env.Region); err != nil {
		return nil, err
	}
	b := &builder{scope: scope, id: id, c: c, env: env, n: c.names(), tags: tags.Ptrs(c.Tags)}
	return b.build()
}

// builder holds what the steps of New share.
type builder struct {
	scope constructs.Construct
	id    string
	c     *config
	env   awsenv.Env
	n     names
	tags  *map[string]*string
}

func (b *builder) build() (*Cluster, error) {
	c, n := b.c, b.n
	fail := func(err error) (*Cluster, error) { return nil, fmt.Errorf("auroracluster %s: %w", b.id, err) }

	key, err := b.key()
	if err != nil {
		return fail(err)
	}
	logs, logResource, err := b.logGroup(key)
	if err != nil {
		return fail(err)
	}
	monitoring := c.MonitoringRole
	if monitoring == nil {
		if monitoring, err = b.monitoringRole(); err != nil {
			return fail(err)
		}
	}
	topic := c.AlarmTopic
	if topic == nil {
		topic, err = snstopic.New(b.scope, b.id+"-alarms", snstopic.Props{
			Name:               n.alarmTopic,
			Key:                key,
			PublishingServices: []string{"cloudwatch"},
			Tags:               c.Tags,
		})
		if err != nil {
			return fail(err)
		}
	}

	subnets := dbsubnetgroup.NewDbSubnetGroup(b.scope, jsii.String(b.id+"-subnets"), &dbsubnetgroup.DbSubnetGroupConfig{
		Name:        jsii.String(n.subnetGroup),
		Description: jsii.String("Isolated subnets of Aurora cluster " + c.Name),
		SubnetIds:   &c.SubnetIDs,
		Tags:        b.tags,
	})
	sg := b.securityGroup()
	clusterParams, instanceParams := b.parameterGroups()

	cfg := &rdscluster.RdsClusterConfig{
		ClusterIdentifier:                jsii.String(n.cluster),
		Engine:                           jsii.String(dbspec.Engine),
		EngineMode:                       jsii.String("provisioned"),
		EngineVersion:                    jsii.String(c.version.String()),
		MasterUsername:                   jsii.String(c.MasterUsername),
		ManageMasterUserPassword:         jsii.Bool(true),
		MasterUserSecretKmsKeyId:         key.ARN,
		Port:                             jsii.Number(c.Port),
		DbSubnetGroupName:                subnets.Name(),
		VpcSecurityGroupIds:              &[]*string{sg},
		DbClusterParameterGroupName:      clusterParams.Name(),
		StorageEncrypted:                 jsii.Bool(true),
		KmsKeyId:                         key.ARN,
		IamDatabaseAuthenticationEnabled: jsii.Bool(true),
		EnabledCloudwatchLogsExports:     jsii.Strings("postgresql"),
		BackupRetentionPeriod:            jsii.Number(c.BackupRetentionDays),
		PreferredBackupWindow:            jsii.String(c.PreferredBackupWindow),
		PreferredMaintenanceWindow:       jsii.String(c.PreferredMaintenanceWindow),
		CopyTagsToSnapshot:               jsii.Bool(true),
		// Automated backups outlive the cluster, so that deleting it by
		// mistake still leaves its point-in-time backups to restore.
		DeleteAutomatedBackups:  jsii.Bool(false),
		DeletionProtection:      jsii.Bool(!c.DisableDeletionProtection),
		SkipFinalSnapshot:       jsii.Bool(c.SkipFinalSnapshot),
		FinalSnapshotIdentifier: jsii.String(n.finalSnapshot),
		ApplyImmediately:        jsii.Bool(c.ApplyImmediately),
		Tags:                    b.tags,
		// RDS creates the export's log group on first write, unencrypted
		// and kept forever, unless it already exists.
		DependsOn: &[]cdktf.ITerraformDependable{logResource},
	}
	if c.DatabaseName != "" {
		cfg.DatabaseName = jsii.String(c.DatabaseName)
	}
	if c.AllowMajorVersionUpgrade {
		cfg.AllowMajorVersionUpgrade = jsii.Bool(true)
		// RDS needs the instances' new parameter group during a major
		// upgrade; this is only valid together with the flag above.
		cfg.DbInstanceParameterGroupName = instanceParams.Name()
	}
	if s := c.ServerlessV2; s != nil {
		cfg.Serverlessv2ScalingConfiguration = &rdscluster.RdsClusterServerlessv2ScalingConfiguration{
			MinCapacity: jsii.Number(s.MinACU),
			MaxCapacity: jsii.Number(s.MaxACU),
		}
	}
	cluster := rdscluster.NewRdsCluster(b.scope, jsii.String(b.id), cfg)

	var instances []cdktf.ITerraformDependable
	for _, in := range c.instances() {
		instances = append(instances, rdsclusterinstance.NewRdsClusterInstance(b.scope, jsii.String(b.id+"-"+in.Member), &rdsclusterinstance.RdsClusterInstanceConfig{
			Identifier:                         jsii.String(in.Identifier),
			ClusterIdentifier:                  cluster.Id(),
			Engine:                             jsii.String(dbspec.Engine),
			InstanceClass:                      jsii.String(in.Class),
			AvailabilityZone:                   jsii.String(in.AvailabilityZone),
			PromotionTier:                      jsii.Number(in.PromotionTier),
			DbParameterGroupName:               instanceParams.Name(),
			PubliclyAccessible:                 jsii.Bool(false),
			AutoMinorVersionUpgrade:            jsii.Bool(!c.version.Pinned),
			PerformanceInsightsEnabled:         jsii.Bool(true),
			PerformanceInsightsKmsKeyId:        key.ARN,
			PerformanceInsightsRetentionPeriod: jsii.Number(c.PerformanceInsightsRetentionDays),
			MonitoringInterval:                 jsii.Number(c.MonitoringIntervalSeconds),
			MonitoringRoleArn:                  monitoring.ARN,
			CopyTagsToSnapshot:                 jsii.Bool(true),
			ApplyImmediately:                   jsii.Bool(c.ApplyImmediately),
			Tags:                               b.tags,
			// RDS refuses a monitoring role that lacks its policy.
			DependsOn: monitoring.Ready(),
		}))
	}
	if !c.Autoscaling.Disabled {
		b.readerAutoscaling(cluster, instances)
	}
	b.alarms(topic)

	return &Cluster{
		Name:            c.Name,
		ARN:             b.env.ARN("rds", "cluster:"+c.Name),
		ResourceID:      cluster.ClusterResourceId(),
		WriterEndpoint:  cluster.Endpoint(),
		ReaderEndpoint:  cluster.ReaderEndpoint(),
		Port:            c.Port,
		MasterUsername:  c.MasterUsername,
		SecretARN:       cluster.MasterUserSecret().Get(jsii.Number(0)).SecretArn(),
		SecurityGroupID: sg,
		Key:             key,
		AlarmTopic:      topic,
		LogGroup:        logs,
		EngineVersion:   c.version.String(),
		env:             b.env,
	}, nil
}

// key returns the cluster's key, making one when none was given, with the
// statement CloudWatch Logs needs to encrypt the log group. RDS and Secrets
// Manager need none: they use the key through grants made with the
// deploying principal's permissions (kms:ViaService), which the key's
// account statement already delegates to IAM.
func (b *builder) key() (*kmskey.Key, error) {
	return kmskey.Use(b.scope, b.id+"-key", b.c.Key, kmskey.Props{
		Alias:       b.n.keyAlias,
		Description: "Encrypts Aurora cluster " + b.c.Name + ": storage, master user secret, Performance Insights, logs and alarms",
		Statements:  []iampolicy.Statement{kmskey.CloudWatchLogsUse(b.env)},
		Tags:        b.c.Tags,
	})
}
