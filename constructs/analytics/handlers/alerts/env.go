package alerts

// Environment variables of the alerts function, set by the construct.
const (
	EnvTable          = "AGGREGATES_TABLE"
	EnvTopicARN       = "ALERT_TOPIC_ARN"
	EnvErrorThreshold = "ERROR_THRESHOLD"
	EnvRetentionDays  = "AGGREGATE_RETENTION_DAYS"
)
