package analytics

import (
	"fmt"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchmetricalarm"
)

// alarm is one CloudWatch alarm, in plain Go.
type alarm struct {
	ID, Name, Description string
	Namespace, Metric     string
	Dimensions            map[string]string
	Statistic             string
	PeriodSeconds         int
	EvaluationPeriods     int
	Threshold             float64
	// Below compares with LessThanThreshold (success ratios); otherwise
	// GreaterThanOrEqualToThreshold.
	Below bool
}

// alarmSpecs are the pipeline's alarms. Metric names: Kinesis Data
// Streams Developer Guide, "Monitor ... with Amazon CloudWatch"
// (GetRecords.IteratorAgeMilliseconds); Firehose Developer Guide,
// "Monitor with CloudWatch metrics" (DeliveryToS3.DataFreshness,
// DeliveryToS3.Success, ExecuteProcessing.Success,
// FailedConversion.Records); Lambda (Errors, IteratorAge); SQS
// (ApproximateNumberOfMessagesVisible).
func (b *build) alarmSpecs() []alarm {
	n, s := b.n, b.s
	iter := float64(s.IteratorAgeAlarmSeconds * 1000)
	stream := map[string]string{"StreamName": n.stream()}
	delivery := map[string]string{"DeliveryStreamName": n.delivery()}
	out := []alarm{
		{ID: "iterator-age", Name: n.stream() + "-iterator-age", Namespace: "AWS/Kinesis", Metric: "GetRecords.IteratorAgeMilliseconds", Dimensions: stream,
			Description: fmt.Sprintf("Consumers of %s are %d s or more behind: records may expire before they are read.", n.stream(), s.IteratorAgeAlarmSeconds),
			Statistic:   "Maximum", PeriodSeconds: 300, EvaluationPeriods: 1, Threshold: iter},
		{ID: "alerts-iterator-age", Name: n.function(Alerts) + "-iterator-age", Namespace: "AWS/Lambda", Metric: "IteratorAge", Dimensions: map[string]string{"FunctionName": n.function(Alerts)},
			Description: fmt.Sprintf("The alerts function is %d s or more behind the stream.", s.IteratorAgeAlarmSeconds),
			Statistic:   "Maximum", PeriodSeconds: 300, EvaluationPeriods: 1, Threshold: iter},
		{ID: "delivery-freshness", Name: n.delivery() + "-freshness", Namespace: "AWS/Firehose", Metric: "DeliveryToS3.DataFreshness", Dimensions: delivery,
			Description: fmt.Sprintf("The oldest record in %s waits %d s or more for delivery to the lake (buffer interval plus 15 minutes).", n.delivery(), s.BufferIntervalSeconds+900),
			Statistic:   "Maximum", PeriodSeconds: 300, EvaluationPeriods: 1, Threshold: float64(s.BufferIntervalSeconds + 900)},
		{ID: "delivery-failures", Name: n.delivery() + "-delivery-failures", Namespace: "AWS/Firehose", Metric: "DeliveryToS3.Success", Dimensions: delivery,
			Description: "Some deliveries of " + n.delivery() + " to the lake failed: see its log group " + n.deliveryLogGroup() + ".",
			Statistic:   "Minimum", PeriodSeconds: 300, EvaluationPeriods: 1, Threshold: 1, Below: true},
		{ID: "processing-failures", Name: n.delivery() + "-processing-failures", Namespace: "AWS/Firehose", Metric: "ExecuteProcessing.Success", Dimensions: delivery,
			Description: "Firehose could not invoke the transform function for some records: they went to the error prefix.",
			Statistic:   "Minimum", PeriodSeconds: 300, EvaluationPeriods: 1, Threshold: 1, Below: true},
		{ID: "conversion-failures", Name: n.delivery() + "-conversion-failures", Namespace: "AWS/Firehose", Metric: "FailedConversion.Records", Dimensions: delivery,
			Description: "Records failed Parquet conversion (schema mismatch with the Glue table): they went to the error prefix.",
			Statistic:   "Sum", PeriodSeconds: 300, EvaluationPeriods: 1, Threshold: 1},
		{ID: "alerts-failures", Name: n.failureQueue() + "-messages", Namespace: "AWS/SQS", Metric: "ApproximateNumberOfMessagesVisible", Dimensions: map[string]string{"QueueName": n.failureQueue()},
			Description: "Batches the alerts function gave up on are waiting in " + n.failureQueue() + ": their windows are missing from the aggregates.",
			Statistic:   "Maximum", PeriodSeconds: 300, EvaluationPeriods: 1, Threshold: 1},
	}
	for _, fn := range Functions() {
		out = append(out, alarm{ID: fn + "-errors", Name: n.function(fn) + "-errors", Namespace: "AWS/Lambda", Metric: "Errors",
			Dimensions:  map[string]string{"FunctionName": n.function(fn)},
			Description: "Function " + n.function(fn) + " failed in the last 5 minutes.",
			Statistic:   "Sum", PeriodSeconds: 300, EvaluationPeriods: 1, Threshold: 1})
	}
	return out
}

// alarms makes the alarms, notifying the alarm topic when they fire and
// when they clear. Missing data is fine: no traffic is not a failure.
func (b *build) alarms() error {
	topic := b.props.AlarmTopic.Ref
	if topic == nil {
		topic = jsii.String(b.props.AlarmTopic.ARN)
	}
	actions := &[]*string{topic}
	for _, a := range b.alarmSpecs() {
		dims := map[string]*string{}
		for k, v := range a.Dimensions {
			dims[k] = jsii.String(v)
		}
		cmp := "GreaterThanOrEqualToThreshold"
		if a.Below {
			cmp = "LessThanThreshold"
		}
		cloudwatchmetricalarm.NewCloudwatchMetricAlarm(b.scope, b.rid("alarm", a.ID), &cloudwatchmetricalarm.CloudwatchMetricAlarmConfig{
			AlarmName: jsii.String(a.Name), AlarmDescription: jsii.String(a.Description),
			Namespace: jsii.String(a.Namespace), MetricName: jsii.String(a.Metric), Dimensions: &dims,
			Statistic: jsii.String(a.Statistic), Period: jsii.Number(a.PeriodSeconds), EvaluationPeriods: jsii.Number(a.EvaluationPeriods),
			Threshold: jsii.Number(a.Threshold), ComparisonOperator: jsii.String(cmp), TreatMissingData: jsii.String("notBreaching"),
			AlarmActions: actions, OkActions: actions, Tags: b.tags(),
		})
	}
	return nil
}
