package auroracluster

import (
	"fmt"
	"strconv"
)

// Apply methods of parameter group entries.
const (
	applyImmediate     = "immediate"
	applyPendingReboot = "pending-reboot"
)

// parameter is one entry of a parameter group.
type parameter struct {
	Name, Value, ApplyMethod string
}

// clusterParameters are the cluster parameter group's entries: TLS-only
// connections, the logging the PostgreSQL log export carries, then the
// user's parameters. Every parameter set here is dynamic, so it applies
// without a restart; the user's are applied at the next reboot, which is
// valid for static and dynamic parameters alike.
func (c *config) clusterParameters() []parameter {
	l := c.Logging
	minDuration := strconv.Itoa(l.MinDurationMillis)
	if l.DisableSlowQueries {
		minDuration = "-1"
	}
	connections := "1"
	if l.DisableConnections {
		connections = "0"
	}
	ps := []parameter{
		// Refuse connections without TLS, so passwords and data never
		// cross the network in clear text.
		{"rds.force_ssl", "1", applyImmediate},
		{"log_connections", connections, applyImmediate},
		{"log_disconnections", connections, applyImmediate},
		{"log_statement", l.Statement, applyImmediate},
		{"log_min_duration_statement", minDuration, applyImmediate},
	}
	return append(ps, userParameters(c.ClusterParameters)...)
}

// instanceParameters are the instance parameter group's entries: only the
// user's. The group exists from the start so that tuning an instance later
// is a parameter change, not a new group association and a restart.
func (c *config) instanceParameters() []parameter {
	return userParameters(c.InstanceParameters)
}

func userParameters(m map[string]string) []parameter {
	var ps []parameter
	for _, name := range sortedKeys(m) {
		ps = append(ps, parameter{name, m[name], applyPendingReboot})
	}
	return ps
}

// names are the names of what a cluster is made of, derived from its
// identifier so that each is stable and recognisable.
type names struct {
	cluster, subnetGroup, securityGroup           string
	clusterParameterGroup, instanceParameterGroup string // name prefixes
	writer                                        string
	readers                                       []string
	finalSnapshot, logGroup, monitoringRole       string
	keyAlias, alarmTopic, scalingPolicy           string
}

func (c *config) names() names {
	n := c.Name
	family := c.version.ParameterGroupFamily()
	out := names{
		cluster:       n,
		subnetGroup:   n,
		securityGroup: n + "-db",
		// Parameter groups take these as name prefixes (Terraform adds a
		// unique suffix): a change of a ForceNew argument (description,
		// family) replaces the group create-before-destroy, because RDS
		// refuses to delete a group in use, and a fixed name would make the
		// new group fail with "already exists" while the old one lives.
		// Source: Terraform AWS provider docs, aws_db_parameter_group,
		// "create_before_destroy Lifecycle Configuration" (use name_prefix);
		// provider source internal/service/rds/cluster_parameter_group.go
		// (description: ForceNew). The family stays in the prefix so that
		// a group is recognisable by the major version it serves.
		clusterParameterGroup:  n + "-" + family + "-cluster-",
		instanceParameterGroup: n + "-" + family + "-instance-",
		writer:                 n + "-writer",
		// Derived from the cluster name and never from a timestamp, so
		// that it does not change on every plan.
		finalSnapshot:  n + "-final",
		logGroup:       "/aws/rds/cluster/" + n + "/postgresql",
		monitoringRole: n + "-rds-monitoring",
		keyAlias:       "rds/" + n,
		alarmTopic:     n + "-alarms",
		scalingPolicy:  n + "-reader-cpu",
	}
	for i := 1; i <= c.ReaderCount; i++ {
		out.readers = append(out.readers, fmt.Sprintf("%s-reader-%d", n, i))
	}
	return out
}

// instance is one instance made with the cluster.
type instance struct {
	// Member is "writer" or "reader-N": the suffix of the identifier.
	Member                              string
	Identifier, Class, AvailabilityZone string
	// PromotionTier orders failover: the lowest tier is promoted first.
	PromotionTier int
}

// Promotion tiers. Readers made with the cluster come right after the
// writer; replicas added by autoscaling get tier 15 from Aurora, so they are
// promoted last.
const (
	writerTier = 0
	readerTier = 1
)

// instances places the writer in the first zone and the readers round robin
// over the others, so that losing one zone never takes the writer and its
// failover targets together.
func (c *config) instances() []instance {
	n := c.names()
	zones := c.AvailabilityZones
	out := []instance{{Member: "writer", Identifier: n.writer, Class: c.WriterInstanceClass, AvailabilityZone: zones[0], PromotionTier: writerTier}}
	for i, id := range n.readers {
		out = append(out, instance{
			Member:           fmt.Sprintf("reader-%d", i+1),
			Identifier:       id,
			Class:            c.ReaderInstanceClass,
			AvailabilityZone: zones[(i+1)%len(zones)],
			PromotionTier:    readerTier,
		})
	}
	return out
}
