package auroracluster

import "fmt"

// alarm is one CloudWatch alarm on the cluster's metrics in AWS/RDS.
type alarm struct {
	Name, Description string
	Metric, Statistic string
	Comparison        string
	Threshold         float64
	PeriodSeconds     int
	EvaluationPeriods int
	DatapointsToAlarm int
	Role              string // WRITER or READER: Aurora's per-role aggregate
	TreatMissingData  string
}

// alarms are the cluster's alarms. They watch Aurora's per-role aggregates
// (dimensions DBClusterIdentifier and Role) rather than instances, so that
// replicas added by autoscaling, and a writer that changed after a failover,
// are covered without knowing their names.
func (c *config) alarms() []alarm {
	n, a := c.Name, c.Alarms
	out := []alarm{
		{
			Name:        n + "-writer-cpu-high",
			Description: fmt.Sprintf("Writer of Aurora cluster %s above %g%% CPU for 15 minutes.", n, a.CPUPercent),
			Metric:      "CPUUtilization", Statistic: "Average", Comparison: "GreaterThanThreshold",
			Threshold: a.CPUPercent, PeriodSeconds: 300, EvaluationPeriods: 3, DatapointsToAlarm: 3,
			Role: "WRITER", TreatMissingData: "missing",
		},
		{
			Name:        n + "-writer-freeable-memory-low",
			Description: fmt.Sprintf("Writer of Aurora cluster %s below %s of freeable memory for 15 minutes.", n, mebibytes(a.FreeableMemoryBytes)),
			Metric:      "FreeableMemory", Statistic: "Minimum", Comparison: "LessThanThreshold",
			Threshold: a.FreeableMemoryBytes, PeriodSeconds: 300, EvaluationPeriods: 3, DatapointsToAlarm: 3,
			Role: "WRITER", TreatMissingData: "missing",
		},
		{
			Name:        n + "-deadlocks",
			Description: deadlockDescription(n, a.DeadlocksPerSecond),
			Metric:      "Deadlocks", Statistic: "Average", Comparison: "GreaterThanThreshold",
			Threshold: a.DeadlocksPerSecond, PeriodSeconds: 300, EvaluationPeriods: 3, DatapointsToAlarm: 2,
			Role: "WRITER", TreatMissingData: "notBreaching",
		},
	}
	if c.ReaderCount > 0 {
		out = append(out, alarm{
			Name:        n + "-replica-lag-high",
			Description: fmt.Sprintf("A reader of Aurora cluster %s lagged the writer by more than %g ms for 15 minutes.", n, a.ReplicaLagMillis),
			Metric:      "AuroraReplicaLag", Statistic: "Maximum", Comparison: "GreaterThanThreshold",
			Threshold: a.ReplicaLagMillis, PeriodSeconds: 300, EvaluationPeriods: 3, DatapointsToAlarm: 3,
			// Readers come and go with autoscaling; no data is no lag.
			Role: "READER", TreatMissingData: "notBreaching",
		})
	}
	return out
}

func deadlockDescription(cluster string, perSecond float64) string {
	rate := "deadlocks"
	if perSecond > 0 {
		rate = fmt.Sprintf("more than %g deadlocks a second", perSecond)
	}
	return fmt.Sprintf("Aurora cluster %s had %s in 2 of the last 3 five-minute periods.", cluster, rate)
}

// mebibytes prints a byte count for people: 268435456 is "256 MiB".
func mebibytes(bytes float64) string {
	return fmt.Sprintf("%.0f MiB", bytes/(1<<20))
}
