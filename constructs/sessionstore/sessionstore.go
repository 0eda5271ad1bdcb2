// Package sessionstore provides the web application's session store
// (architecture guide 5.5): an ElastiCache for Valkey (or Redis OSS)
// replication group in private subnets, encrypted at rest with a
// customer-managed key and in transit, that admits only clients
// authenticated with IAM, so that no password or auth token exists in code
// or in Terraform state.
//
// Authentication is ElastiCache RBAC: a user group holding one IAM user
// for the application and the "default" user every user group must contain
// (Amazon ElastiCache User Guide, "Role-based access control (RBAC)"; the
// API's DefaultUserRequired error). That default user is a replacement,
// switched off ("off -@all"), so the built-in passwordless default user that
// has every permission cannot connect. The users and the group use the
// engine "redis", which ElastiCache accepts on Valkey and Redis OSS caches
// alike; a group of engine "valkey" may only hold users with a password or
// IAM, which the switched-off default user has neither of (same page).
package sessionstore

import (
	"fmt"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchmetricalarm"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/elasticachereplicationgroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/elasticachesubnetgroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/elasticacheuser"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/elasticacheusergroup"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/iamrole"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/loggroup"
	"github.com/acme/landing-zone/constructs/tags"
)

// userEngine is the engine of the RBAC users and the user group (see the
// package comment).
const userEngine = "redis"

// Store is the result of New.
type Store struct {
	// Name is the replication group id.
	Name string
	// ARN is the replication group's ARN (plain).
	ARN string
	// PrimaryEndpoint is the DNS name of the primary (TLS on Port).
	PrimaryEndpoint *string
	// ReaderEndpoint balances reads over the replicas.
	ReaderEndpoint *string
	// Port is the port clients connect to.
	Port int
	// UserGroupID is the RBAC user group's id.
	UserGroupID *string
	// UserID is the IAM-authenticated user the application connects as:
	// its IAM token is signed for this user id (user name and id are the
	// same, as IAM authentication requires).
	UserID string
	// UserARN is that user's ARN (plain).
	UserARN string
	// Key encrypts the data, the snapshots and the logs.
	Key *kmskey.Key
	// Resource is the replication group, for depends_on.
	Resource cdktf.ITerraformDependable
}

// New validates props in plain Go first, so that bad input returns an error
// (one line per problem) before any resource exists, then builds the store.
func New(scope constructs.Construct, id string, props Props) (*Store, error) {
	p := props
	if err := p.validate(id); err != nil {
		return nil, err
	}
	env, err := awsenv.Of(scope)
	if err != nil {
		return nil, fmt.Errorf("sessionstore %s: %w", id, err)
	}
	fail := func(err error) (*Store, error) { return nil, fmt.Errorf("sessionstore %s: %w", id, err) }
	tg := tags.Ptrs(p.Tags)

	// ElastiCache uses the key through grants it makes with the deploying
	// principal's permissions, which the key's account statement
	// delegates to IAM; CloudWatch Logs needs its own statement.
	key, err := kmskey.Use(scope, id+"-key", p.Key, kmskey.Props{
		Alias:       "elasticache/" + p.Name,
		Description: "Encrypts session store " + p.Name + ": data at rest, snapshots and logs",
		Statements:  []iampolicy.Statement{kmskey.CloudWatchLogsUse(env)},
		Tags:        p.Tags,
	})
	if err != nil {
		return fail(err)
	}

	logs := map[string]*loggroup.LogGroup{}
	var logDeps []cdktf.ITerraformDependable
	for _, kind := range []string{"slow-log", "engine-log"} {
		lg, err := loggroup.New(scope, id+"-"+kind, loggroup.Props{
			Name:          "/elasticache/" + p.Name + "/" + kind,
			Key:           key,
			RetentionDays: p.LogRetentionDays,
			Tags:          p.Tags,
		})
		if err != nil {
			return fail(err)
		}
		logs[kind] = lg
		logDeps = append(logDeps, lg.Resource)
	}

	// ElastiCache returns access strings rewritten in its own form, and the
	// provider stores what it returns without suppressing the difference
	// (internal/service/elasticache/user.go; terraform-provider-aws issue
	// 20334), so every plan would modify the users again. The access
	// string is set when a user is made; to change it, replace the user
	// (terraform apply -replace).
	accessStringSetOnce := &cdktf.TerraformResourceLifecycle{IgnoreChanges: jsii.Strings("access_string")}

	// The replacement default user: switched off, no password (nothing in
	// state), so the group satisfies ElastiCache's rule without a usable
	// default login.
	def := elasticacheuser.NewElasticacheUser(scope, jsii.String(id+"-default-user"), &elasticacheuser.ElasticacheUserConfig{
		UserId:       jsii.String(p.Name + "-default"),
		UserName:     jsii.String("default"),
		Engine:       jsii.String(userEngine),
		AccessString: jsii.String("off -@all"),
		// no_password_required rather than an authentication_mode block
		// of type no-password-required: the provider sends the flag in any
		// case (false unless set), and a false flag beside that block
		// contradicts it.
		NoPasswordRequired: jsii.Bool(true),
		Tags:               tg,
		Lifecycle:          accessStringSetOnce,
	})
	// The application's user: IAM authentication needs user id = user
	// name (Amazon ElastiCache User Guide, "Authenticating with IAM",
	// limitations).
	userID := p.Name + "-app"
	app := elasticacheuser.NewElasticacheUser(scope, jsii.String(id+"-app-user"), &elasticacheuser.ElasticacheUserConfig{
		UserId:             jsii.String(userID),
		UserName:           jsii.String(userID),
		Engine:             jsii.String(userEngine),
		AccessString:       jsii.String(p.AccessString),
		AuthenticationMode: &elasticacheuser.ElasticacheUserAuthenticationMode{Type: jsii.String("iam")},
		Tags:               tg,
		Lifecycle:          accessStringSetOnce,
	})
	group := elasticacheusergroup.NewElasticacheUserGroup(scope, jsii.String(id+"-users"), &elasticacheusergroup.ElasticacheUserGroupConfig{
		UserGroupId: jsii.String(p.Name),
		Engine:      jsii.String(userEngine),
		UserIds:     &[]*string{def.UserId(), app.UserId()},
		Tags:        tg,
	})

	subnets := elasticachesubnetgroup.NewElasticacheSubnetGroup(scope, jsii.String(id+"-subnets"), &elasticachesubnetgroup.ElasticacheSubnetGroupConfig{
		Name:        jsii.String(p.Name),
		Description: jsii.String("Private subnets of session store " + p.Name),
		SubnetIds:   &p.SubnetIDs,
		Tags:        tg,
	})

	failover := p.Replicas > 0
	rg := elasticachereplicationgroup.NewElasticacheReplicationGroup(scope, jsii.String(id), &elasticachereplicationgroup.ElasticacheReplicationGroupConfig{
		ReplicationGroupId: jsii.String(p.Name),
		// description, not the deprecated replication_group_description
		// (seed errata).
		Description:   jsii.String("Sessions of " + p.Name),
		Engine:        jsii.String(p.Engine),
		EngineVersion: jsii.String(p.EngineVersion),
		NodeType:      jsii.String(p.NodeType),
		// Cluster mode disabled: one shard, a primary and its replicas.
		// num_cache_clusters conflicts with num_node_groups and
		// replicas_per_node_group (provider: ConflictsWith), left unset.
		NumCacheClusters: jsii.Number(1 + p.Replicas),
		// Multi-AZ needs automatic failover, which needs a replica
		// (provider: CustomizeDiffValidateReplicationGroupAutomaticFailover).
		AutomaticFailoverEnabled: jsii.Bool(failover),
		MultiAzEnabled:           jsii.Bool(p.MultiAZ),
		Port:                     jsii.Number(Port),
		SubnetGroupName:          subnets.Name(),
		SecurityGroupIds:         &[]*string{p.SecurityGroupID},
		// Encryption at rest with the customer-managed key and in transit
		// (both fixed at creation: provider ForceNew on
		// at_rest_encryption_enabled and kms_key_id). RBAC and IAM
		// authentication need TLS. transit_encryption_mode is left to its
		// default, "required" for a group made with encryption on.
		AtRestEncryptionEnabled:  jsii.String("true"),
		KmsKeyId:                 key.ARN,
		TransitEncryptionEnabled: jsii.Bool(true),
		// RBAC instead of an auth token: auth_token would sit in state
		// (and conflicts with user_group_ids).
		UserGroupIds:            &[]*string{group.UserGroupId()},
		SnapshotRetentionLimit:  jsii.Number(p.SnapshotRetentionDays),
		SnapshotWindow:          jsii.String(SnapshotWindow),
		MaintenanceWindow:       jsii.String(MaintenanceWindow),
		FinalSnapshotIdentifier: jsii.String(p.Name + "-final"),
		AutoMinorVersionUpgrade: jsii.String("true"),
		LogDeliveryConfiguration: []*elasticachereplicationgroup.ElasticacheReplicationGroupLogDeliveryConfiguration{
			logDelivery("slow-log", logs["slow-log"].Name),
			logDelivery("engine-log", logs["engine-log"].Name),
		},
		Tags: tg,
		// ElastiCache writes to the log groups as soon as the nodes run.
		DependsOn: &logDeps,
	})

	if t := p.AlarmTopic; t != nil {
		actions := &[]*string{t.Ref}
		for n := 1; n <= 1+p.Replicas; n++ {
			member := fmt.Sprintf("%s-%03d", p.Name, n)
			for _, a := range []struct{ suffix, metric, what string }{
				{"cpu", "EngineCPUUtilization", "engine CPU"},
				{"memory", "DatabaseMemoryUsagePercentage", "memory use"},
			} {
				cloudwatchmetricalarm.NewCloudwatchMetricAlarm(scope, jsii.String(fmt.Sprintf("%s-alarm-%03d-%s", id, n, a.suffix)), &cloudwatchmetricalarm.CloudwatchMetricAlarmConfig{
					AlarmName:          jsii.String(member + "-" + a.suffix),
					AlarmDescription:   jsii.String(fmt.Sprintf("Node %s of session store %s: %s above 80%% for 15 minutes", member, p.Name, a.what)),
					Namespace:          jsii.String("AWS/ElastiCache"),
					MetricName:         jsii.String(a.metric),
					Statistic:          jsii.String("Average"),
					ComparisonOperator: jsii.String("GreaterThanThreshold"),
					Threshold:          jsii.Number(80),
					Period:             jsii.Number(300),
					EvaluationPeriods:  jsii.Number(3),
					DatapointsToAlarm:  jsii.Number(3),
					TreatMissingData:   jsii.String("missing"),
					Dimensions:         &map[string]*string{"CacheClusterId": jsii.String(member)},
					AlarmActions:       actions,
					OkActions:          actions,
					Tags:               tg,
					DependsOn:          &[]cdktf.ITerraformDependable{rg},
				})
			}
		}
	}

	return &Store{
		Name:            p.Name,
		ARN:             env.ARN("elasticache", "replicationgroup:"+p.Name),
		PrimaryEndpoint: rg.PrimaryEndpointAddress(),
		ReaderEndpoint:  rg.ReaderEndpointAddress(),
		Port:            Port,
		UserGroupID:     group.UserGroupId(),
		UserID:          userID,
		UserARN:         env.ARN("elasticache", "user:"+userID),
		Key:             key,
		Resource:        rg,
	}, nil
}

func logDelivery(kind, logGroup string) *elasticachereplicationgroup.ElasticacheReplicationGroupLogDeliveryConfiguration {
	return &elasticachereplicationgroup.ElasticacheReplicationGroupLogDeliveryConfiguration{
		LogType:         jsii.String(kind),
		Destination:     jsii.String(logGroup),
		DestinationType: jsii.String("cloudwatch-logs"),
		LogFormat:       jsii.String("json"),
	}
}

// ConnectStatements are what a role needs to connect as the store's IAM
// user: elasticache:Connect on the replication group and on the user
// (Amazon ElastiCache User Guide, "Authenticating with IAM", setup).
func (s *Store) ConnectStatements() []iampolicy.Statement {
	return []iampolicy.Statement{{
		Sid:       "SessionStoreConnect",
		Effect:    iampolicy.Allow,
		Actions:   []string{"elasticache:Connect"},
		Resources: []string{s.ARN, s.UserARN},
	}}
}

// GrantConnect lets role connect to the store as its IAM user.
func (s *Store) GrantConnect(role *iamrole.Role) error {
	return role.AddPolicy("connect-"+s.Name, iampolicy.Document{Statements: s.ConnectStatements()})
}
