package sessionstore

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/loggroup"
	"github.com/acme/landing-zone/constructs/naming"
	"github.com/acme/landing-zone/constructs/snstopic"
)

// Props configures a Store. The zero value plus Name and the network fields
// is a secure store: Valkey DefaultValkeyVersion on one DefaultNodeType
// node (Replicas and MultiAZ add failover), encrypted at rest with a
// key made for it and in transit, reachable only by IAM-authenticated
// clients, slow and engine logs in encrypted log groups, a week of daily
// snapshots and a final snapshot.
type Props struct {
	// Name is the replication group id and prefixes the user ids, log
	// groups, key alias and alarms: lowercase letters, digits and single
	// hyphens, starting with a letter, at most MaxNameLength characters.
	Name string
	// SubnetIDs are the private subnets of the nodes; at least two.
	SubnetIDs []*string
	// SecurityGroupID is the nodes' security group: networkhub's cache tier
	// group, which admits 6379 from the app tier only. Required.
	SecurityGroupID *string
	// NodeType is a cache node type of NodeTypes; default DefaultNodeType.
	// Burstable (cache.t*) types are refused in production.
	NodeType string
	// Replicas is the number of read replicas of the primary, 0-5. With
	// one or more, a failed primary is replaced by a replica automatically
	// (automatic failover); with none, losing the node loses the sessions.
	Replicas int
	// MultiAZ places the replicas in other availability zones than the
	// primary and fails over across zones. Required in production.
	MultiAZ bool
	// Engine is EngineValkey (default) or EngineRedis.
	Engine string
	// EngineVersion is a major.minor version of the engine that supports
	// IAM authentication: Valkey 7.2 or later, Redis OSS 7.0 or later.
	// Default DefaultValkeyVersion or DefaultRedisVersion.
	EngineVersion string
	// AccessString is the IAM user's Redis ACL rules; default
	// DefaultAccessString.
	AccessString string
	// SnapshotRetentionDays is how long daily snapshots are kept: 1-35,
	// default 7, at least 7 in production.
	SnapshotRetentionDays int
	// LogRetentionDays is how long the slow and engine logs are kept;
	// default 365.
	LogRetentionDays int
	// Key encrypts the data at rest, the snapshots and the log groups; nil
	// makes one. A given key gets the statement letting CloudWatch Logs use
	// it.
	Key *kmskey.Key
	// AlarmTopic receives alarms on each node's engine CPU and memory; nil
	// makes no alarms.
	AlarmTopic *snstopic.Topic
	// Production refuses burstable nodes, a store without Multi-AZ and
	// fewer than 7 days of snapshots.
	Production bool
	// Tags are added to the provider's default tags.
	Tags map[string]string
}

// The engines.
const (
	// EngineValkey is the default: the open-source (BSD) continuation of
	// Redis OSS 7.2 under the Linux Foundation, compatible with Redis
	// clients, and priced lower than Redis OSS on ElastiCache.
	EngineValkey = "valkey"
	// EngineRedis is Redis OSS, for applications that need it.
	EngineRedis = "redis"
)

// Defaults of the fields whose zero value means "the default".
const (
	DefaultNodeType              = "cache.t4g.small"
	DefaultValkeyVersion         = "8.0"
	DefaultRedisVersion          = "7.1"
	DefaultSnapshotRetentionDays = 7
	// DefaultAccessString lets the application use every key and command
	// except the dangerous ones (CONFIG, FLUSHALL, DEBUG, KEYS and the
	// like).
	DefaultAccessString = "on ~* +@all -@dangerous"
	// MaxNameLength is ElastiCache's limit for replication group ids (40)
	// less room for the "-app" user id.
	MaxNameLength = 36
	// Port is the port the store listens on; networkhub's cache tier group
	// admits it from the app tier.
	Port = 6379
	// SnapshotWindow and MaintenanceWindow are UTC and do not overlap.
	SnapshotWindow    = "03:00-05:00"
	MaintenanceWindow = "sun:05:30-sun:07:00"
)

// versions are the engine versions that support IAM authentication (Amazon
// ElastiCache User Guide, "Authenticating with IAM", limitations: Valkey 7.2
// and above, Redis OSS 7.0 and above).
var versions = map[string][]string{
	EngineValkey: {"7.2", "8.0", "8.1"},
	EngineRedis:  {"7.0", "7.1"},
}

// NodeTypes are the cache node types of the current generations
// (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html).
var NodeTypes = func() []string {
	var out []string
	add := func(family string, sizes ...string) {
		for _, s := range sizes {
			out = append(out, "cache."+family+"."+s)
		}
	}
	add("t3", "micro", "small", "medium")
	add("t4g", "micro", "small", "medium")
	add("m5", "large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge")
	add("r5", "large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge")
	for _, f := range []string{"m6g", "m7g", "r6g", "r7g"} {
		add(f, "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge")
	}
	return out
}()

// CheckNodeType reports whether t is a node type of NodeTypes, and not a
// burstable one in production, in plain Go for the organization file's
// validation.
func CheckNodeType(t string, production bool) error {
	if !slices.Contains(NodeTypes, t) {
		return fmt.Errorf("not a current cache node type (cache.t4g.small, cache.r7g.large, ...)")
	}
	if production && strings.HasPrefix(t, "cache.t") {
		return fmt.Errorf("burstable node types run out of CPU credits under load; production uses cache.m* or cache.r*")
	}
	return nil
}

func (p *Props) defaults() {
	if p.Engine == "" {
		p.Engine = EngineValkey
	}
	if p.EngineVersion == "" {
		p.EngineVersion = DefaultValkeyVersion
		if p.Engine == EngineRedis {
			p.EngineVersion = DefaultRedisVersion
		}
	}
	if p.NodeType == "" {
		p.NodeType = DefaultNodeType
	}
	if p.AccessString == "" {
		p.AccessString = DefaultAccessString
	}
	if p.SnapshotRetentionDays == 0 {
		p.SnapshotRetentionDays = DefaultSnapshotRetentionDays
	}
	if p.LogRetentionDays == 0 {
		p.LogRetentionDays = loggroup.DefaultRetentionDays
	}
}

// validate applies the defaults and reports every problem, one line each,
// naming the field and the value.
func (p *Props) validate(id string) error {
	p.defaults()
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("sessionstore %s: "+format, append([]any{id}, args...)...))
	}
	if err := naming.CheckPrefix(p.Name, MaxNameLength); err != nil {
		if p.Name == "" {
			fail("Name %v", err)
		} else {
			fail("Name %q: %v", p.Name, err)
		}
	}
	if len(p.SubnetIDs) < 2 {
		fail("SubnetIDs: %d subnets; give the private subnets of at least two availability zones", len(p.SubnetIDs))
	}
	for i, s := range p.SubnetIDs {
		if s == nil {
			fail("SubnetIDs[%d] is nil", i)
		}
	}
	if p.SecurityGroupID == nil {
		fail("SecurityGroupID is required (the cache tier's security group)")
	}
	if err := CheckNodeType(p.NodeType, p.Production); err != nil {
		fail("NodeType %q: %v", p.NodeType, err)
	}
	if p.Replicas < 0 || p.Replicas > 5 {
		fail("Replicas %d: ElastiCache allows 0-5 replicas", p.Replicas)
	}
	if p.MultiAZ && p.Replicas == 0 {
		fail("MultiAZ: needs at least one replica to fail over to")
	}
	if p.Production && !p.MultiAZ {
		fail("MultiAZ: production session stores are Multi-AZ")
	}
	vs, ok := versions[p.Engine]
	switch {
	case !ok:
		fail("Engine %q: use %q or %q", p.Engine, EngineValkey, EngineRedis)
	case !slices.Contains(vs, p.EngineVersion):
		fail("EngineVersion %q: %s versions with IAM authentication are %v", p.EngineVersion, p.Engine, vs)
	}
	if !strings.HasPrefix(p.AccessString, "on ") || strings.Contains(p.AccessString, ">") || strings.Contains(p.AccessString, "nopass") {
		fail("AccessString %q: start with \"on \" and name no passwords (IAM authenticates the user)", p.AccessString)
	}
	switch {
	case p.SnapshotRetentionDays < 1 || p.SnapshotRetentionDays > 35:
		fail("SnapshotRetentionDays %d: keep snapshots 1-35 days", p.SnapshotRetentionDays)
	case p.Production && p.SnapshotRetentionDays < 7:
		fail("SnapshotRetentionDays %d: production keeps at least 7 days", p.SnapshotRetentionDays)
	}
	if err := loggroup.CheckRetention(p.LogRetentionDays); err != nil {
		fail("LogRetentionDays %v", err)
	}
	return errors.Join(errs...)
}
