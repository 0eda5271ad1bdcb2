package serverlessorders

import (
	"fmt"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchmetricalarm"

	"github.com/acme/landing-zone/constructs/serverlessorders/orderspec"
)

// alarm is one CloudWatch alarm, in plain Go.
type alarm struct {
	Name, Description string
	Namespace, Metric string
	Dimensions        map[string]string
	// Statistic or ExtendedStatistic (a percentile such as p99).
	Statistic, ExtendedStatistic string
	PeriodSeconds                int
	EvaluationPeriods            int
	Threshold                    float64
}

// alarmSpecs are the system's alarms: any message in a dead-letter queue,
// function errors and throttles, API 5xx responses and slow responses.
// Every one compares with GreaterThanOrEqualToThreshold and treats missing
// data as fine (no traffic is not a failure).
func alarmSpecs(n names, s orderspec.Settings) []alarm {
	var out []alarm
	for _, q := range []string{PaymentDLQ, InventoryDLQ, EventsDLQ} {
		out = append(out, alarm{
			Name:        n.queue(q) + "-messages",
			Description: "Messages are waiting in dead-letter queue " + n.queue(q) + ": find why they failed, fix, and redrive them.",
			Namespace:   "AWS/SQS", Metric: "ApproximateNumberOfMessagesVisible",
			Dimensions: map[string]string{"QueueName": n.queue(q)},
			Statistic:  "Maximum", PeriodSeconds: 300, EvaluationPeriods: 1, Threshold: 1,
		})
	}
	for _, fn := range orderspec.Functions() {
		dims := map[string]string{"FunctionName": n.function(fn)}
		out = append(out,
			alarm{
				Name:        n.function(fn) + "-errors",
				Description: fmt.Sprintf("Function %s failed %d or more times in 5 minutes.", n.function(fn), s.FunctionErrorThreshold),
				Namespace:   "AWS/Lambda", Metric: "Errors", Dimensions: dims,
				Statistic: "Sum", PeriodSeconds: 300, EvaluationPeriods: 1, Threshold: float64(s.FunctionErrorThreshold),
			},
			alarm{
				Name:        n.function(fn) + "-throttles",
				Description: "Function " + n.function(fn) + " was throttled: its reserved concurrency or the account's quota is too low for the load.",
				Namespace:   "AWS/Lambda", Metric: "Throttles", Dimensions: dims,
				Statistic: "Sum", PeriodSeconds: 300, EvaluationPeriods: 1, Threshold: 1,
			},
		)
	}
	apiDims := map[string]string{"ApiName": n.api(), "Stage": StageName}
	out = append(out,
		alarm{
			Name:        n.api() + "-api-5xx",
			Description: fmt.Sprintf("The orders API answered %d or more requests with a 5xx error in 5 minutes.", s.ServerErrorThreshold),
			Namespace:   "AWS/ApiGateway", Metric: "5XXError", Dimensions: apiDims,
			Statistic: "Sum", PeriodSeconds: 300, EvaluationPeriods: 1, Threshold: float64(s.ServerErrorThreshold),
		},
		alarm{
			Name:        n.api() + "-api-latency",
			Description: fmt.Sprintf("The orders API's p99 latency was at least %d ms for 15 minutes.", s.LatencyThresholdMillis),
			Namespace:   "AWS/ApiGateway", Metric: "Latency", Dimensions: apiDims,
			ExtendedStatistic: "p99", PeriodSeconds: 300, EvaluationPeriods: 3, Threshold: float64(s.LatencyThresholdMillis),
		},
	)
	return out
}

// alarms makes the alarms, notifying the alarm topic when they fire and
// when they clear.
func (b *build) alarms() error {
	// The reference (not the plain ARN) orders the alarms after the topic.
	topic := b.out.AlarmTopic.Ref
	if topic == nil {
		topic = jsii.String(b.out.AlarmTopic.ARN)
	}
	actions := &[]*string{topic}
	for _, a := range alarmSpecs(b.s.names, b.s.Settings) {
		dims := map[string]*string{}
		for k, v := range a.Dimensions {
			dims[k] = jsii.String(v)
		}
		cfg := &cloudwatchmetricalarm.CloudwatchMetricAlarmConfig{
			AlarmName:          jsii.String(a.Name),
			AlarmDescription:   jsii.String(a.Description),
			Namespace:          jsii.String(a.Namespace),
			MetricName:         jsii.String(a.Metric),
			Dimensions:         &dims,
			Period:             jsii.Number(a.PeriodSeconds),
			EvaluationPeriods:  jsii.Number(a.EvaluationPeriods),
			Threshold:          jsii.Number(a.Threshold),
			ComparisonOperator: jsii.String("GreaterThanOrEqualToThreshold"),
			TreatMissingData:   jsii.String("notBreaching"),
			AlarmActions:       actions,
			OkActions:          actions,
			Tags:               b.tags,
		}
		if a.ExtendedStatistic != "" {
			cfg.ExtendedStatistic = jsii.String(a.ExtendedStatistic)
		} else {
			cfg.Statistic = jsii.String(a.Statistic)
		}
		cloudwatchmetricalarm.NewCloudwatchMetricAlarm(b.scope, b.rid("alarm", a.Name[len(b.s.names.prefix)+1:]), cfg)
	}
	return nil
}
