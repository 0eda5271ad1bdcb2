package serverlessorders

import (
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/sqsqueue"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/sqsqueuepolicy"

	"github.com/acme/landing-zone/constructs/serverlessorders/orderspec"
	"github.com/acme/landing-zone/constructs/snstopic"
)

// Queue roles, the keys of Orders.Queues.
const (
	PaymentQueue   = "payment"
	PaymentDLQ     = "payment-dlq"
	InventoryQueue = "inventory"
	InventoryDLQ   = "inventory-dlq"
	// EventsDLQ holds what SNS could not deliver to the notification
	// function and the events of failed asynchronous invocations.
	EventsDLQ = "events-dlq"
)

// maxReceiveCount is how often a message is tried before it moves to the
// dead-letter queue.
const maxReceiveCount = 5

// consumerQueue is the queue each consumer reads.
var consumerQueue = map[string]string{
	orderspec.ProcessPayment:  PaymentQueue,
	orderspec.UpdateInventory: InventoryQueue,
}

// visibilityTimeout is six times the consumer's timeout, as AWS recommends
// for Lambda event sources, so that a message is not handed to a second
// consumer while retries of the first are still running.
func visibilityTimeout(functionTimeoutSeconds int) int { return 6 * functionTimeoutSeconds }

// Retention of messages: the source queues keep them four days (SQS's
// default), the dead-letter queues fourteen (the most SQS allows), because
// a standard queue's messages keep their original enqueue time when they
// move, and a dead letter must outlive its source.
const (
	sourceRetentionSeconds = 4 * 24 * 3600
	dlqRetentionSeconds    = 14 * 24 * 3600
	// kmsDataKeyReuseSeconds is SQS's default: a data key is reused five
	// minutes, which bounds KMS calls (and their cost) without keeping a
	// key long.
	kmsDataKeyReuseSeconds = 300
)

// queueSpec describes one queue.
type queueSpec struct {
	role string
	// dlq is the role of the queue's dead-letter queue; empty for a
	// dead-letter queue itself (the end of the line).
	dlq string
	// sources are the roles of queues that may use this one as their
	// dead-letter queue.
	sources []string
	// visibility is the visibility timeout in seconds.
	visibility int
	// snsDelivers lets the order-events topic deliver failures here.
	snsDelivers bool
}

func queueSpecs() []queueSpec {
	return []queueSpec{
		{role: PaymentDLQ, sources: []string{PaymentQueue}, visibility: 30},
		{role: InventoryDLQ, sources: []string{InventoryQueue}, visibility: 30},
		{role: EventsDLQ, visibility: 30, snsDelivers: true},
		{role: PaymentQueue, dlq: PaymentDLQ, visibility: visibilityTimeout(consumerTimeout)},
		{role: InventoryQueue, dlq: InventoryDLQ, visibility: visibilityTimeout(consumerTimeout)},
	}
}

// redrivePolicy sends a message to the dead-letter queue after
// maxReceiveCount failed receives.
func redrivePolicy(dlqARN string) string {
	return marshal(map[string]any{"deadLetterTargetArn": dlqARN, "maxReceiveCount": maxReceiveCount})
}

// redriveAllowPolicy names the only queues that may use a dead-letter queue
// (none: SNS and Lambda send to the events queue directly).
func redriveAllowPolicy(sourceARNs []string) string {
	if len(sourceARNs) == 0 {
		return marshal(map[string]any{"redrivePermission": "denyAll"})
	}
	return marshal(map[string]any{"redrivePermission": "byQueue", "sourceQueueArns": sourceARNs})
}

func (b *build) queues() error {
	for _, spec := range queueSpecs() {
		name, arn := b.s.names.queue(spec.role), b.refs.queueARNs[spec.role]
		cfg := &sqsqueue.SqsQueueConfig{
			Name:                         jsii.String(name),
			KmsMasterKeyId:               b.out.Key.ARN,
			KmsDataKeyReusePeriodSeconds: jsii.Number(kmsDataKeyReuseSeconds),
			// sqs_managed_sse_enabled stays unset: the provider declares it
			// ConflictsWith kms_master_key_id (even when false), and skips the
			// check only while the key ARN is unknown, so setting it passes
			// the first plan and fails every plan after the first apply with
			// "Conflicting configuration arguments". Source: Terraform AWS
			// provider, internal/service/sqs/queue.go (kms_master_key_id,
			// sqs_managed_sse_enabled: ConflictsWith); registry docs for
			// aws_sqs_queue. SQS uses the KMS key when one is set.
			VisibilityTimeoutSeconds: jsii.Number(spec.visibility),
			// Long polling: fewer empty receives.
			ReceiveWaitTimeSeconds: jsii.Number(20),
			Tags:                   b.tags,
		}
		if spec.dlq == "" {
			cfg.MessageRetentionSeconds = jsii.Number(dlqRetentionSeconds)
			var sources []string
			for _, s := range spec.sources {
				sources = append(sources, b.refs.queueARNs[s])
			}
			cfg.RedriveAllowPolicy = jsii.String(redriveAllowPolicy(sources))
		} else {
			cfg.MessageRetentionSeconds = jsii.Number(sourceRetentionSeconds)
			cfg.RedrivePolicy = jsii.String(redrivePolicy(b.refs.queueARNs[spec.dlq]))
			// The redrive policy names the dead-letter queue by its
			// computed ARN, so Terraform needs the order spelled out.
			deps := b.dependents[spec.dlq]
			cfg.DependsOn = &deps
		}
		q := sqsqueue.NewSqsQueue(b.scope, b.rid("queue", spec.role), cfg)
		b.dependents[spec.role] = append(b.dependents[spec.role], q)
		allowSNS := ""
		if spec.snsDelivers {
			allowSNS = b.refs.topicARN
		}
		doc := queuePolicy(b.env, arn, allowSNS)
		if err := doc.Validate(); err != nil {
			return err
		}
		sqsqueuepolicy.NewSqsQueuePolicy(b.scope, b.rid("queue", spec.role, "policy"), &sqsqueuepolicy.SqsQueuePolicyConfig{
			QueueUrl: q.Url(),
			Policy:   jsii.String(doc.JSON()),
		})
		b.queueURLs[spec.role] = q.Url()
		b.out.Queues[spec.role] = &Queue{Name: name, ARN: arn, URL: q.Url()}
	}
	return nil
}

// topics makes the order-events topic and, unless one is given, the alarm
// topic.
func (b *build) topics() error {
	t, err := snstopic.New(b.scope, *b.rid("events"), snstopic.Props{
		Name: b.s.names.topic(),
		Key:  b.out.Key,
		Tags: b.props.Tags,
	})
	if err != nil {
		return err
	}
	b.topicRef = t.Ref
	alarms := b.props.AlarmTopic
	if alarms == nil {
		alarms, err = snstopic.New(b.scope, *b.rid("alarms"), snstopic.Props{
			Name:               b.s.names.alarmTopic(),
			Key:                b.out.Key,
			PublishingServices: []string{"cloudwatch"},
			Tags:               b.props.Tags,
		})
		if err != nil {
			return err
		}
	}
	b.out.AlarmTopic = alarms
	return nil
}
