package rdsinstance

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/acme/landing-zone/constructs/auroracluster/dbspec"
	"github.com/acme/landing-zone/constructs/iamrole"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/loggroup"
	"github.com/acme/landing-zone/constructs/snstopic"
)

// Props configures an Instance. The zero value plus Name and the network
// fields is a secure database: RDS for PostgreSQL DefaultRDSEngineVersion
// with a Multi-AZ standby, gp3 storage that grows by itself, storage,
// secret, Performance Insights and logs encrypted with a key made for it, an
// RDS-managed master password, TLS-only connections, IAM database
// authentication, a week of backups, a final snapshot, deletion protection,
// enhanced monitoring and alarms.
type Props struct {
	// Name is the instance identifier: lowercase letters, digits and
	// single hyphens, at most MaxNameLength characters. Required.
	Name string
	// Production applies the production floors: Multi-AZ, at least 7 days
	// of backups, no burstable classes, a final snapshot and deletion
	// protection.
	Production bool

	// VPCID, SubnetIDs (isolated subnets in at least two zones) and
	// AllowedSecurityGroupIDs (the app tier) place the database; see
	// auroracluster.Props. Only the allowed security groups reach the port.
	VPCID                   *string
	SubnetIDs               []*string
	AllowedSecurityGroupIDs []*string
	// SecurityGroupID attaches an existing security group (networkhub's
	// Database tier group, say) instead of making one; its rules decide
	// who connects, so AllowedSecurityGroupIDs must be empty.
	SecurityGroupID *string

	// EngineVersion is an RDS for PostgreSQL version: a major alone such as
	// "17" (default), which takes RDS's minor upgrades in the maintenance
	// window, or a pinned minor such as "17.7", which turns them off.
	EngineVersion string
	// AllowMajorVersionUpgrade lets a change of major version upgrade the
	// instance in place.
	AllowMajorVersionUpgrade bool
	// DatabaseName is a database to create with the instance.
	DatabaseName string
	// MasterUsername defaults to dbspec.DefaultMasterUsername; its password
	// is made, kept and rotated by RDS in Secrets Manager.
	MasterUsername string
	// Port defaults to 5432.
	Port int

	// InstanceClass defaults to DefaultInstanceClass.
	InstanceClass string
	// SingleAZ drops the standby in a second zone: an instance or zone
	// failure then means downtime until RDS replaces the instance.
	// Refused in production.
	SingleAZ bool
	// AllocatedStorageGiB is the gp3 volume's size, default 100;
	// MaxAllocatedStorageGiB is what storage autoscaling may grow it to,
	// default 1000 (at least 10% more).
	AllocatedStorageGiB    int
	MaxAllocatedStorageGiB int
	// ReadReplicas is the number of read replicas, 0-5 (default 0), in the
	// same region, for reads only: Multi-AZ is what fails over.
	ReadReplicas int
	// ReplicaInstanceClass defaults to InstanceClass.
	ReplicaInstanceClass string

	// BackupRetentionDays is 1-35, default 7, at least 7 in production.
	BackupRetentionDays int
	// PreferredBackupWindow and PreferredMaintenanceWindow are in UTC;
	// defaults dbspec.DefaultBackupWindow and DefaultMaintenanceWindow.
	PreferredBackupWindow      string
	PreferredMaintenanceWindow string
	// SkipFinalSnapshot and DisableDeletionProtection are refused in
	// production.
	SkipFinalSnapshot         bool
	DisableDeletionProtection bool
	// ApplyImmediately applies changes now instead of in the maintenance
	// window.
	ApplyImmediately bool

	// PerformanceInsightsRetentionDays is 7 (default), a multiple of 31 up
	// to 713, or 731.
	PerformanceInsightsRetentionDays int
	// MonitoringIntervalSeconds is 1, 5, 10, 15, 30 or 60 (default).
	MonitoringIntervalSeconds int
	// MonitoringRole is the enhanced monitoring role; nil makes one.
	MonitoringRole *iamrole.Role
	// LogRetentionDays is how long the exported logs are kept; default
	// 365.
	LogRetentionDays int
	// Parameters are added to the parameter group, applied at the next
	// reboot; they may change the logging defaults but not rds.force_ssl.
	Parameters map[string]string

	// Key encrypts storage, the secret, Performance Insights and the logs;
	// nil makes one.
	Key *kmskey.Key
	// AlarmTopic receives the alarms; nil makes a topic encrypted with Key.
	AlarmTopic *snstopic.Topic
	// Tags are added to the provider's default tags on every resource.
	Tags map[string]string
}

// Defaults of the fields whose zero value means "the default".
const (
	// DefaultInstanceClass is a general-purpose Graviton class.
	DefaultInstanceClass             = "db.m7g.large"
	DefaultAllocatedStorageGiB       = 100
	DefaultMaxAllocatedStorageGiB    = 1000
	DefaultBackupRetentionDays       = 7
	DefaultPerformanceInsightsDays   = 7
	DefaultMonitoringIntervalSeconds = 60
	DefaultLogRetentionDays          = 365
	// MaxReadReplicas is kept well below RDS's limit of 15: replicas of a
	// single instance share its write throughput.
	MaxReadReplicas = 5
)

// MaxNameLength leaves room for "-replica-5" in 63-character identifiers and
// "-rds-monitoring" in 64-character role names.
const MaxNameLength = 48

var (
	nameRE = regexp.MustCompile(`^[a-z][a-z0-9-]*[a-z0-9]$`)
	// logExports are the logs RDS for PostgreSQL exports.
	logExports = []string{"postgresql", "upgrade"}
)

type config struct {
	Props
	version dbspec.EngineVersion
}

func (p Props) resolve(id string) (*config, error) {
	fail := func(field string, value any, err error) error {
		if value == nil {
			return fmt.Errorf("rdsinstance %s: %s: %w", id, field, err)
		}
		if s, ok := value.(string); ok {
			value = strconv.Quote(s)
		}
		return fmt.Errorf("rdsinstance %s: %s %v: %w", id, field, value, err)
	}
	c := &config{Props: p}
	c.defaults()

	switch {
	case c.Name == "":
		return nil, fail("Name", nil, errors.New("is required"))
	case len(c.Name) > MaxNameLength:
		return nil, fail("Name", c.Name, fmt.Errorf("is longer than %d characters (the suffixes of replica and role names need the rest)", MaxNameLength))
	case !nameRE.MatchString(c.Name) || strings.Contains(c.Name, "--"):
		return nil, fail("Name", c.Name, errors.New("use lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen"))
	case c.VPCID == nil:
		return nil, fail("VPCID", nil, errors.New("is required"))
	case len(c.SubnetIDs) < 2:
		return nil, fail("SubnetIDs", nil, fmt.Errorf("has %d subnets; RDS needs subnets in at least two availability zones", len(c.SubnetIDs)))
	case slices.Contains(c.SubnetIDs, nil):
		return nil, fail("SubnetIDs", nil, errors.New("holds a nil subnet id"))
	case slices.Contains(c.AllowedSecurityGroupIDs, nil):
		return nil, fail("AllowedSecurityGroupIDs", nil, errors.New("holds a nil security group id"))
	case c.SecurityGroupID != nil && len(c.AllowedSecurityGroupIDs) > 0:
		return nil, fail("AllowedSecurityGroupIDs", nil, errors.New("must be empty with SecurityGroupID: the given group's rules decide who connects"))
	}
	v, err := dbspec.ParseRDSEngineVersion(c.EngineVersion)
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
	for _, f := range []struct{ field, class string }{{"InstanceClass", c.InstanceClass}, {"ReplicaInstanceClass", c.ReplicaInstanceClass}} {
		if f.class == dbspec.ServerlessInstanceClass {
			return nil, fail(f.field, f.class, errors.New("Serverless v2 is for Aurora; use auroracluster"))
		}
		if err := dbspec.CheckInstanceClass(f.class, c.Production); err != nil {
			return nil, fail(f.field, f.class, err)
		}
	}
	switch {
	case c.Production && c.SingleAZ:
		return nil, fail("SingleAZ", true, errors.New("production instances keep a standby in another zone"))
	case c.ReadReplicas < 0 || c.ReadReplicas > MaxReadReplicas:
		return nil, fail("ReadReplicas", c.ReadReplicas, fmt.Errorf("use 0-%d", MaxReadReplicas))
	}
	if err := dbspec.CheckStorage(c.AllocatedStorageGiB, c.MaxAllocatedStorageGiB); err != nil {
		return nil, fail("MaxAllocatedStorageGiB", c.MaxAllocatedStorageGiB, err)
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
		return nil, fail("SkipFinalSnapshot", true, errors.New("production instances keep a final snapshot"))
	case c.Production && c.DisableDeletionProtection:
		return nil, fail("DisableDeletionProtection", true, errors.New("production instances keep deletion protection"))
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
	for _, name := range sortedKeys(c.Parameters) {
		switch {
		case name == "rds.force_ssl":
			return nil, fail("Parameters", name, errors.New("connections are TLS-only; rds.force_ssl stays 1"))
		case c.Parameters[name] == "":
			return nil, fail("Parameters", name, errors.New("parameters need a value"))
		}
	}
	return c, nil
}

func (c *config) defaults() {
	set := func(v *int, def int) {
		if *v == 0 {
			*v = def
		}
	}
	setString := func(v *string, def string) {
		if *v == "" {
			*v = def
		}
	}
	setString(&c.EngineVersion, dbspec.DefaultRDSEngineVersion)
	setString(&c.MasterUsername, dbspec.DefaultMasterUsername)
	set(&c.Port, dbspec.DefaultPort)
	setString(&c.InstanceClass, DefaultInstanceClass)
	setString(&c.ReplicaInstanceClass, c.InstanceClass)
	set(&c.AllocatedStorageGiB, DefaultAllocatedStorageGiB)
	set(&c.MaxAllocatedStorageGiB, max(DefaultMaxAllocatedStorageGiB, c.AllocatedStorageGiB*2))
	set(&c.BackupRetentionDays, DefaultBackupRetentionDays)
	setString(&c.PreferredBackupWindow, dbspec.DefaultBackupWindow)
	setString(&c.PreferredMaintenanceWindow, dbspec.DefaultMaintenanceWindow)
	c.PreferredMaintenanceWindow = strings.ToLower(c.PreferredMaintenanceWindow)
	set(&c.PerformanceInsightsRetentionDays, DefaultPerformanceInsightsDays)
	set(&c.MonitoringIntervalSeconds, DefaultMonitoringIntervalSeconds)
	set(&c.LogRetentionDays, DefaultLogRetentionDays)
}

// parameter is one entry of the parameter group.
type parameter struct{ Name, Value, ApplyMethod string }

// parameters are TLS-only connections and the logging the export carries
// (all dynamic, so applied at once), then the user's, which may replace the
// logging ones and apply at the next reboot.
func (c *config) parameters() []parameter {
	defaults := []parameter{
		{"rds.force_ssl", "1", "immediate"},
		{"log_connections", "1", "immediate"},
		{"log_disconnections", "1", "immediate"},
		{"log_statement", "ddl", "immediate"},
		{"log_min_duration_statement", "1000", "immediate"},
	}
	var out []parameter
	for _, p := range defaults {
		if _, mine := c.Parameters[p.Name]; !mine {
			out = append(out, p)
		}
	}
	for _, name := range sortedKeys(c.Parameters) {
		out = append(out, parameter{name, c.Parameters[name], "pending-reboot"})
	}
	return out
}

// member is the primary or a read replica.
type member struct {
	Suffix, Identifier, Class string
	Replica                   bool
}

func (c *config) members() []member {
	out := []member{{Suffix: "primary", Identifier: c.Name, Class: c.InstanceClass}}
	for i := 1; i <= c.ReadReplicas; i++ {
		s := fmt.Sprintf("replica-%d", i)
		out = append(out, member{Suffix: s, Identifier: c.Name + "-" + s, Class: c.ReplicaInstanceClass, Replica: true})
	}
	return out
}

// alarm is one CloudWatch alarm on an instance's metrics in AWS/RDS.
type alarm struct {
	Name, Description, Instance   string
	Metric, Statistic, Comparison string
	Threshold                     float64
}

// alarms watch the primary's CPU, memory and free storage, and each
// replica's lag. The storage alarm fires at 5% of the first allocation:
// storage autoscaling grows the volume at 10%, so the alarm means it could
// not, or has reached its ceiling.
func (c *config) alarms() []alarm {
	n := c.Name
	storage := max(float64(c.AllocatedStorageGiB)*0.05, 1) * (1 << 30)
	out := []alarm{
		{n + "-cpu-high", "RDS instance " + n + " above 80% CPU for 15 minutes.", n, "CPUUtilization", "Average", "GreaterThanThreshold", 80},
		{n + "-freeable-memory-low", "RDS instance " + n + " below 256 MiB of freeable memory for 15 minutes.", n, "FreeableMemory", "Minimum", "LessThanThreshold", 256 << 20},
		{n + "-free-storage-low", "RDS instance " + n + " has less than 5% of its first allocation free: storage autoscaling failed or reached its ceiling.", n, "FreeStorageSpace", "Minimum", "LessThanThreshold", storage},
	}
	for _, m := range c.members()[1:] {
		out = append(out, alarm{m.Identifier + "-lag-high", "Read replica " + m.Identifier + " more than 60 seconds behind for 15 minutes.", m.Identifier, "ReplicaLag", "Maximum", "GreaterThanThreshold", 60})
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
