package auroracluster

import (
	"errors"
	"fmt"
	"github.com/acme/landing-zone/constructs/problem"
	"regexp"
	"slices"
	"strings"

	"github.com/acme/landing-zone/constructs/auroracluster/dbspec"
	"github.com/acme/landing-zone/constructs/iamrole"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/loggroup"
	"github.com/acme/landing-zone/constructs/snstopic"
)

// Props configures a Cluster. The zero value plus Name and the network
// fields is a secure cluster: Aurora PostgreSQL DefaultEngineVersion with a
// writer and one reader in different zones, reader autoscaling, storage,
// secret, Performance Insights and logs encrypted with a key made for it,
// an RDS-managed master password, TLS-only connections, IAM database
// authentication, a week of backups, a final snapshot, deletion protection,
// enhanced monitoring and alarms.
type Props struct {
	// Name is the cluster identifier: lowercase letters, digits and
	// hyphens, at most MaxNameLength characters. It also names the
	// instances, parameter groups, final snapshot, log group, alarms and
	// monitoring role. Required.
	Name string
	// Production applies the production floors: at least 7 days of
	// backups, a reader to fail over to, no burstable instances, no
	// pausing Serverless v2, deletion protection on.
	Production bool

	// VPCID is the VPC of the cluster's security group. Required.
	VPCID *string
	// SubnetIDs are the isolated subnets the cluster lives in, one per
	// availability zone, in the order of AvailabilityZones. Required: at
	// least two, as RDS asks of a subnet group.
	SubnetIDs []*string
	// AvailabilityZones are the zone names of SubnetIDs, in the same
	// order. The writer goes to the first and readers follow round robin
	// (RDS would otherwise pick a random zone for each instance). Give the
	// subnets' availability_zone attributes (networkhub's
	// Subnet.AvailabilityZone, a token): zone names map to different
	// physical zones in each account, so a name typed into the model can
	// point at a zone the subnets are not in, or one without the
	// instance class, such as use1-az3 without Graviton (issue 15,
	// finding 17). Literal names are checked against the region.
	AvailabilityZones []string
	// AllowedSecurityGroupIDs may connect to the database port (the app
	// tier). Nothing else may: the security group made for the cluster has
	// no CIDR rules and no egress. Cluster.SecurityGroupID lets others add
	// rules later.
	AllowedSecurityGroupIDs []*string
	// SecurityGroupID attaches an existing security group instead of
	// making one: networkhub's Database tier group, say, which already
	// admits the app tier on the database port and which the app tier's
	// egress rules point at. Its owner decides who is admitted, so
	// AllowedSecurityGroupIDs must be empty.
	SecurityGroupID *string

	// EngineVersion is an Aurora PostgreSQL version: a pinned minor such as
	// "17.7" (default DefaultEngineVersion), or a major alone such as "17".
	// A pinned minor turns automatic minor upgrades off, because AWS
	// upgrading the cluster would make the next plan try to downgrade it;
	// upgrade by changing the version. A major alone lets AWS apply minor
	// upgrades in the maintenance window.
	EngineVersion string
	// AllowMajorVersionUpgrade lets a change of EngineVersion's major
	// version upgrade the cluster in place.
	AllowMajorVersionUpgrade bool
	// DatabaseName is a database to create with the cluster; empty creates
	// none besides postgres.
	DatabaseName string
	// MasterUsername is the master user's name; default
	// dbspec.DefaultMasterUsername. "admin", "postgres" and other default
	// names are refused. Its password is made, kept and rotated by RDS in
	// Secrets Manager, encrypted with Key: it never appears in code or
	// Terraform state.
	MasterUsername string
	// Port is the port the cluster listens on; default 5432.
	Port int

	// WriterInstanceClass is the writer's instance class; default
	// DefaultInstanceClass, or db.serverless with ServerlessV2.
	WriterInstanceClass string
	// ReaderInstanceClass is the class of the readers made with the
	// cluster; default the writer's. Replicas added by autoscaling always
	// take the writer's class (Aurora's rule).
	ReaderInstanceClass string
	// ReaderCount is the number of readers made with the cluster; default
	// 1. They are the failover targets and autoscaling's floor.
	ReaderCount int
	// WriterOnly makes a cluster without readers: a failure of the writer
	// or its zone then means minutes of downtime while Aurora replaces it.
	// It needs Autoscaling.Disabled and is refused in production.
	WriterOnly bool
	// ServerlessV2 sets the Serverless v2 capacity range; nil makes a
	// provisioned cluster. Instances without a class set are then
	// db.serverless.
	ServerlessV2 *ServerlessV2
	// Autoscaling configures reader autoscaling on CPU; the zero value
	// turns it on with the defaults.
	Autoscaling Autoscaling

	// BackupRetentionDays is how long automated backups are kept: 1-35,
	// default 7, at least 7 in production.
	BackupRetentionDays int
	// PreferredBackupWindow is the daily backup window in UTC
	// (hh:mm-hh:mm); default dbspec.DefaultBackupWindow.
	PreferredBackupWindow string
	// PreferredMaintenanceWindow is the weekly maintenance window in UTC
	// (ddd:hh:mm-ddd:hh:mm); default dbspec.DefaultMaintenanceWindow. It
	// must not overlap the backup window.
	PreferredMaintenanceWindow string
	// SkipFinalSnapshot deletes the cluster without a last snapshot.
	// Refused in production.
	SkipFinalSnapshot bool
	// DisableDeletionProtection lets Terraform delete the cluster. Refused
	// in production.
	DisableDeletionProtection bool
	// ApplyImmediately applies changes now instead of in the maintenance
	// window; some changes restart instances.
	ApplyImmediately bool

	// PerformanceInsightsRetentionDays is 7 (default, free), a multiple of
	// 31 up to 713, or 731.
	PerformanceInsightsRetentionDays int
	// MonitoringIntervalSeconds is the enhanced monitoring interval: 1, 5,
	// 10, 15, 30 or 60 (default).
	MonitoringIntervalSeconds int
	// MonitoringRole is the enhanced monitoring role; nil makes one named
	// after the cluster. IAM names are global: pass one role when clusters
	// of the same name live in several regions of an account.
	MonitoringRole *iamrole.Role
	// LogRetentionDays is how long the PostgreSQL log group keeps logs; one
	// of the periods CloudWatch accepts, default 365.
	LogRetentionDays int
	// Logging sets what PostgreSQL logs; the zero value logs connections,
	// disconnections, DDL and statements slower than a second.
	Logging Logging
	// ClusterParameters and InstanceParameters are added to the cluster
	// and instance parameter groups, applied at the next reboot. They may
	// not weaken the settings this package makes (rds.force_ssl, the
	// logging parameters): use Logging for those.
	ClusterParameters  map[string]string
	InstanceParameters map[string]string

	// Key encrypts storage, the master user secret, Performance Insights
	// and the log group; nil makes a key for the cluster. A given key gets
	// the statement letting CloudWatch Logs use it.
	Key *kmskey.Key
	// AlarmTopic receives the alarms; nil makes a topic encrypted with Key.
	// A given topic's key must let CloudWatch publish (snstopic does that
	// for its PublishingServices).
	AlarmTopic *snstopic.Topic
	// Alarms sets the alarm thresholds; the zero value uses the defaults.
	Alarms Alarms

	// Tags are added to the provider's default tags on every resource.
	Tags map[string]string
}

// ServerlessV2 is a Serverless v2 capacity range in Aurora capacity units
// (ACUs, about 2 GiB of memory each), in steps of 0.5. A minimum of 0
// pauses the cluster when idle (not in production).
type ServerlessV2 struct {
	MinACU, MaxACU float64
}

// Autoscaling adds and removes readers with Application Auto Scaling to keep
// the readers' average CPU at a target.
//
// Readers made with the cluster are Terraform's; replicas added by scaling
// are not, and Aurora names them itself. Scaling counts both but only ever
// removes its own, so the readers made with the cluster are a floor it never
// goes below, and a cluster that still has scaled replicas cannot be deleted
// until scaling has removed them (or they are deleted by hand).
type Autoscaling struct {
	// Disabled turns reader autoscaling off.
	Disabled bool
	// MinReaders is the least readers scaling keeps: 1 to ReaderCount,
	// default ReaderCount. Zero is not possible, so scaling never leaves
	// the cluster without a reader.
	MinReaders int
	// MaxReaders is the most readers scaling adds up to, counting the ones
	// made with the cluster: ReaderCount to 15, default ReaderCount+2.
	MaxReaders int
	// TargetCPUPercent is the readers' average CPU to keep: 10-90, default
	// 70.
	TargetCPUPercent float64
	// ScaleInCooldownSeconds and ScaleOutCooldownSeconds space scaling
	// actions; default 300 each.
	ScaleInCooldownSeconds, ScaleOutCooldownSeconds int
}

// Logging is what PostgreSQL writes to its log, exported to CloudWatch Logs.
type Logging struct {
	// Statement is log_statement: "none", "ddl" (default), "mod" or "all".
	// "mod" and "all" log data values, which may be personal data.
	Statement string
	// MinDurationMillis logs statements running at least this long;
	// default 1000. DisableSlowQueries turns it off.
	MinDurationMillis  int
	DisableSlowQueries bool
	// DisableConnections stops logging connections and disconnections,
	// which are the record of who connected when.
	DisableConnections bool
}

// Alarms are the thresholds of the cluster's alarms; zero fields take the
// defaults.
type Alarms struct {
	// CPUPercent alarms when the writer's CPU stays above it; default 80.
	CPUPercent float64
	// FreeableMemoryBytes alarms when the writer's free memory stays below
	// it; default 256 MiB.
	FreeableMemoryBytes float64
	// ReplicaLagMillis alarms when a reader lags the writer by more; default
	// 1000.
	ReplicaLagMillis float64
	// DeadlocksPerSecond alarms when deadlocks stay above it; default 0
	// (any sustained deadlocks).
	DeadlocksPerSecond float64
}

// Defaults of the fields whose zero value means "the default".
const (
	// DefaultInstanceClass is a memory-optimized Graviton class, the
	// family AWS recommends for Aurora PostgreSQL.
	DefaultInstanceClass             = "db.r7g.large"
	DefaultReaderCount               = 1
	DefaultBackupRetentionDays       = 7
	DefaultPerformanceInsightsDays   = 7
	DefaultMonitoringIntervalSeconds = 60
	DefaultTargetCPUPercent          = 70
	DefaultCooldownSeconds           = 300
	DefaultLogStatement              = "ddl"
	DefaultMinDurationMillis         = 1000
	DefaultLogRetentionDays          = 365
	DefaultCPUAlarmPercent           = 80
	DefaultFreeableMemoryBytes       = 256 << 20
	DefaultReplicaLagMillis          = 1000
)

// MaxNameLength leaves room in AWS's limits for what the name is the prefix
// of: "-reader-15" in 63-character instance identifiers and
// "-rds-monitoring" in 64-character role names.
const MaxNameLength = 48

var nameRE = regexp.MustCompile(`^[a-z][a-z0-9-]*[a-z0-9]$`)

// managedParameters are the parameters this package sets, which
// ClusterParameters and InstanceParameters may not override.
var managedParameters = []string{"rds.force_ssl", "log_connections", "log_disconnections", "log_statement", "log_min_duration_statement"}

// config is Props with the defaults applied and the version parsed: what
// the construct builds from.
type config struct {
	Props
	version dbspec.EngineVersion
}

// resolve applies the defaults and validates, in plain Go, before anything
// is created. Errors name the construct id, the field and the value.
func (p Props) resolve(id string) (*config, error) {
	fail := func(field string, value any, err error) error {
		if value == nil {
			return fmt.Errorf("auroracluster %s: %s: %w", id, field, err)
		}
		return fmt.Errorf("auroracluster %s: %s %s: %w", id, field, quote(value), err)
	}
	c := &config{Props: p}
	c.defaults()

	switch {
	case c.Name == "":
		return nil, fail("Name", nil, errors.New("is required"))
	case len(c.Name) > MaxNameLength:
		return nil, fail("Name", c.Name, fmt.Errorf("is longer than %d characters (the suffixes of instance and role names need the rest)", MaxNameLength))
	case !nameRE.MatchString(c.Name) || strings.Contains(c.Name, "--"):
		return nil, fail("Name", c.Name, errors.New("use lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen"))
	case c.VPCID == nil:
		return nil, fail("VPCID", nil, errors.New("is required"))
	case len(c.SubnetIDs) < 2:
		return nil, fail("SubnetIDs", nil, fmt.Errorf("has %d subnets; RDS needs subnets in at least two availability zones", len(c.SubnetIDs)))
	case len(c.AvailabilityZones) != len(c.SubnetIDs):
		return nil, fail("AvailabilityZones", c.AvailabilityZones, fmt.Errorf("has %d zones for %d subnets; give the zone of each subnet", len(c.AvailabilityZones), len(c.SubnetIDs)))
	}
	for i, s := range c.SubnetIDs {
		if s == nil {
			return nil, fail(fmt.Sprintf("SubnetIDs[%d]", i), nil, errors.New("is nil"))
		}
	}
	for i, az := range c.AvailabilityZones {
		if slices.Index(c.AvailabilityZones, az) != i {
			return nil, fail("AvailabilityZones", c.AvailabilityZones, fmt.Errorf("lists %s twice; one subnet per zone", az))
		}
	}
	for i, sg := range c.AllowedSecurityGroupIDs {
		if sg == nil {
			return nil, fail(fmt.Sprintf("AllowedSecurityGroupIDs[%d]", i), nil, errors.New("is nil"))
		}
	}
	if c.SecurityGroupID != nil && len(c.AllowedSecurityGroupIDs) > 0 {
		return nil, fail("AllowedSecurityGroupIDs", nil, errors.New("must be empty with SecurityGroupID: the given group's rules decide who connects"))
	}

	v, err := dbspec.ParseEngineVersion(c.EngineVersion)
	if err != nil {
		return nil, fail("EngineVersion", c.EngineVersion, err)
	}
	c.version = v
	if c.DatabaseName != "" {
		if err := dbspec.CheckDatabaseName(c.DatabaseName); err != nil {
			return nil, fail("DatabaseName", c.DatabaseName, err)
		}
	}
	if err := dbspec.CheckMasterUsername(c.MasterUsername); err != nil {
		return nil, fail("MasterUsername", c.MasterUsername, err)
	}
	if err := dbspec.CheckPort(c.Port); err != nil {
		return nil, fail("Port", c.Port, err)
	}

	for _, f := range []struct{ field, class string }{{"WriterInstanceClass", c.WriterInstanceClass}, {"ReaderInstanceClass", c.ReaderInstanceClass}} {
		if err := dbspec.CheckInstanceClass(f.class, c.Production); err != nil {
			return nil, fail(f.field, f.class, err)
		}
		if f.class == dbspec.ServerlessInstanceClass && c.ServerlessV2 == nil {
			return nil, fail(f.field, f.class, errors.New("Serverless v2 instances need a capacity range: set ServerlessV2"))
		}
	}
	if s := c.ServerlessV2; s != nil {
		if err := dbspec.CheckServerlessV2(s.MinACU, s.MaxACU, c.Production); err != nil {
			return nil, fail("ServerlessV2", nil, err)
		}
	}
	if c.WriterOnly && c.ReaderCount != 0 {
		return nil, fail("ReaderCount", c.ReaderCount, errors.New("contradicts WriterOnly"))
	}
	a := c.Autoscaling
	if a.MinReaders < 0 || a.MaxReaders < 0 || a.ScaleInCooldownSeconds < 0 || a.ScaleOutCooldownSeconds < 0 {
		return nil, fail("Autoscaling", nil, errors.New("readers and cooldowns must not be negative"))
	}
	scaling := dbspec.ReaderScaling{Readers: c.ReaderCount, Autoscaling: !a.Disabled, Min: a.MinReaders, Max: a.MaxReaders, TargetCPU: a.TargetCPUPercent}
	if err := scaling.Check(c.Production); err != nil {
		return nil, scalingError(fail, c, err)
	}

	if err := dbspec.CheckBackupRetention(c.BackupRetentionDays, c.Production); err != nil {
		return nil, fail("BackupRetentionDays", c.BackupRetentionDays, err)
	}
	if err := dbspec.CheckWindows(c.PreferredBackupWindow, c.PreferredMaintenanceWindow); err != nil {
		var we *dbspec.WindowError
		if errors.As(err, &we) && we.Maintenance {
			return nil, fail("PreferredMaintenanceWindow", c.PreferredMaintenanceWindow, err)
		}
		return nil, fail("PreferredBackupWindow", c.PreferredBackupWindow, err)
	}
	switch {
	case c.Production && c.SkipFinalSnapshot:
		return nil, fail("SkipFinalSnapshot", true, errors.New("production clusters keep a final snapshot"))
	case c.Production && c.DisableDeletionProtection:
		return nil, fail("DisableDeletionProtection", true, errors.New("production clusters keep deletion protection"))
	}

	if err := dbspec.CheckPerformanceInsightsRetention(c.PerformanceInsightsRetentionDays); err != nil {
		return nil, fail("PerformanceInsightsRetentionDays", c.PerformanceInsightsRetentionDays, err)
	}
	if err := dbspec.CheckMonitoringInterval(c.MonitoringIntervalSeconds); err != nil {
		return nil, fail("MonitoringIntervalSeconds", c.MonitoringIntervalSeconds, err)
	}
	if err := loggroup.CheckRetention(c.LogRetentionDays); err != nil {
		return nil, fail("LogRetentionDays", c.LogRetentionDays, fmt.Errorf("CloudWatch Logs accepts %v", loggroup.ValidRetentionDays))
	}
	if err := c.Logging.check(); err != nil {
		return nil, fail("Logging", nil, err)
	}
	for _, f := range []struct {
		field  string
		params map[string]string
	}{{"ClusterParameters", c.ClusterParameters}, {"InstanceParameters", c.InstanceParameters}} {
		for _, name := range sortedKeys(f.params) {
			if slices.Contains(managedParameters, name) {
				return nil, fail(f.field, name, errors.New("is set by auroracluster (TLS-only connections and logging); use Logging to change logging"))
			}
			if name == "" || f.params[name] == "" {
				return nil, fail(f.field, name, errors.New("parameters need a name and a value"))
			}
		}
	}
	if err := c.Alarms.check(); err != nil {
		return nil, fail("Alarms", nil, err)
	}
	return c, nil
}

func (c *config) defaults() {
	set := func(v *int, def int) {
		if *v == 0 {
			*v = def
		}
	}
	if c.EngineVersion == "" {
		c.EngineVersion = dbspec.DefaultEngineVersion
	}
	if c.MasterUsername == "" {
		c.MasterUsername = dbspec.DefaultMasterUsername
	}
	set(&c.Port, dbspec.DefaultPort)
	if c.WriterInstanceClass == "" {
		c.WriterInstanceClass = DefaultInstanceClass
		if c.ServerlessV2 != nil {
			c.WriterInstanceClass = dbspec.ServerlessInstanceClass
		}
	}
	if c.ReaderInstanceClass == "" {
		c.ReaderInstanceClass = c.WriterInstanceClass
	}
	if !c.WriterOnly {
		set(&c.ReaderCount, DefaultReaderCount)
	}
	a := &c.Autoscaling
	if !a.Disabled {
		set(&a.MinReaders, c.ReaderCount)
		set(&a.MaxReaders, dbspec.DefaultMaxReaders(c.ReaderCount))
		if a.TargetCPUPercent == 0 {
			a.TargetCPUPercent = DefaultTargetCPUPercent
		}
		set(&a.ScaleInCooldownSeconds, DefaultCooldownSeconds)
		set(&a.ScaleOutCooldownSeconds, DefaultCooldownSeconds)
	}
	set(&c.BackupRetentionDays, DefaultBackupRetentionDays)
	if c.PreferredBackupWindow == "" {
		c.PreferredBackupWindow = dbspec.DefaultBackupWindow
	}
	if c.PreferredMaintenanceWindow == "" {
		c.PreferredMaintenanceWindow = dbspec.DefaultMaintenanceWindow
	}
	// RDS stores the window in lowercase; the same here avoids a diff.
	c.PreferredMaintenanceWindow = strings.ToLower(c.PreferredMaintenanceWindow)
	set(&c.PerformanceInsightsRetentionDays, DefaultPerformanceInsightsDays)
	set(&c.MonitoringIntervalSeconds, DefaultMonitoringIntervalSeconds)
	set(&c.LogRetentionDays, DefaultLogRetentionDays)
	if c.Logging.Statement == "" {
		c.Logging.Statement = DefaultLogStatement
	}
	set(&c.Logging.MinDurationMillis, DefaultMinDurationMillis)
	if c.Alarms.CPUPercent == 0 {
		c.Alarms.CPUPercent = DefaultCPUAlarmPercent
	}
	if c.Alarms.FreeableMemoryBytes == 0 {
		c.Alarms.FreeableMemoryBytes = DefaultFreeableMemoryBytes
	}
	if c.Alarms.ReplicaLagMillis == 0 {
		c.Alarms.ReplicaLagMillis = DefaultReplicaLagMillis
	}
}

// scalingError names the field a dbspec.ScalingError is about.
func scalingError(fail func(string, any, error) error, c *config, err error) error {
	var se *dbspec.ScalingError
	if !errors.As(err, &se) {
		return fail("Autoscaling", nil, err)
	}
	switch se.Field {
	case dbspec.ScalingMin:
		return fail("Autoscaling.MinReaders", c.Autoscaling.MinReaders, err)
	case dbspec.ScalingMax:
		return fail("Autoscaling.MaxReaders", c.Autoscaling.MaxReaders, err)
	case dbspec.ScalingTargetCPU:
		return fail("Autoscaling.TargetCPUPercent", c.Autoscaling.TargetCPUPercent, err)
	}
	if c.WriterOnly {
		return fail("WriterOnly", nil, err)
	}
	return fail("ReaderCount", c.ReaderCount, err)
}

func (l Logging) check() error {
	if !slices.Contains([]string{"none", "ddl", "mod", "all"}, l.Statement) {
		return fmt.Errorf("Statement %q: log_statement is none, ddl, mod or all", l.Statement)
	}
	if l.MinDurationMillis < 0 {
		return fmt.Errorf("MinDurationMillis %d: must not be negative (use DisableSlowQueries)", l.MinDurationMillis)
	}
	return nil
}

func (a Alarms) check() error {
	switch {
	case !(a.CPUPercent > 0 && a.CPUPercent <= 100):
		return fmt.Errorf("CPUPercent %g: use 1-100", a.CPUPercent)
	case !(a.FreeableMemoryBytes >= 0 && a.ReplicaLagMillis >= 0 && a.DeadlocksPerSecond >= 0):
		return errors.New("thresholds must be numbers, not negative") // also refuses NaN
	}
	return nil
}

// quote renders a value for an error message, as the spec packages do.
var quote = problem.Quote

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
