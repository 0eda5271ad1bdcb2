package serverlessorders

import (
	"strconv"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/lambdaeventsourcemapping"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/lambdapermission"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/snstopicsubscription"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/gofunction"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/envvar"
	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/orders"
	"github.com/acme/landing-zone/constructs/serverlessorders/orderspec"
	"github.com/acme/landing-zone/constructs/suppress"
)

// Function settings. Go starts fast and runs lean; 256 MB buys a larger
// CPU share than the 128 MB minimum for little more.
const (
	functionMemoryMB = 256
	// Runtime and Architecture: the OS-only runtime on Graviton, which
	// runs the compiled bootstrap at a lower price per millisecond.
	Runtime      = gofunction.Runtime
	Architecture = gofunction.Architecture
	sqsBatchSize = 10
	// consumerTimeout is the consumers' and notification's timeout in
	// seconds; the queues' visibility timeout derives from it.
	consumerTimeout = 30
	// apiFunctionTimeout is create-order's, well inside API Gateway's
	// 29-second integration timeout.
	apiFunctionTimeout = 10
	// policyName is the name of each role's one inline policy.
	policyName = "function"
)

// invokedAsynchronously reports whether fn is invoked asynchronously, the
// only kind of invocation a function's dead-letter queue (dead_letter_config)
// acts on: notification, which SNS invokes. create-order answers API
// Gateway synchronously (failures go to the client) and the consumers are
// invoked synchronously by their SQS event source mappings (failures return
// to the queue, whose redrive policy moves them to its dead-letter queue).
// Source: AWS Lambda Developer Guide, "Capturing records of Lambda
// asynchronous invocations" (dead-letter queues) and API DeadLetterConfig:
// "The dead-letter queue for failed asynchronous invocations".
func invokedAsynchronously(fn string) bool { return fn == orderspec.Notification }

// synchronousCaller names what invokes each synchronously invoked function.
var synchronousCaller = map[string]string{
	orderspec.CreateOrder:     "API Gateway",
	orderspec.ProcessPayment:  "the SQS event source mapping of the payment queue",
	orderspec.UpdateInventory: "the SQS event source mapping of the inventory queue",
}

func functionTimeout(fn string) int {
	if fn == orderspec.CreateOrder {
		return apiFunctionTimeout
	}
	return consumerTimeout
}

// environment is what each function's main package requires (see package
// envvar).
func (b *build) environment(fn string) map[string]*string {
	switch fn {
	case orderspec.CreateOrder:
		env := map[string]*string{
			envvar.TableName:         b.tableName,
			envvar.CustomerIndex:     jsii.String(orders.CustomerIndex),
			envvar.PaymentQueueURL:   b.queueURLs[PaymentQueue],
			envvar.InventoryQueueURL: b.queueURLs[InventoryQueue],
			envvar.TopicARN:          b.topicRef,
		}
		if b.s.OrderRetentionDays > 0 {
			env[envvar.RetentionDays] = jsii.String(strconv.Itoa(b.s.OrderRetentionDays))
		}
		return env
	case orderspec.Notification:
		return map[string]*string{
			envvar.ReceiptsBucket:   jsii.String(b.out.ReceiptsBucket.Name),
			envvar.SenderAddress:    jsii.String(b.s.SenderAddress),
			envvar.ConfigurationSet: b.configSet,
		}
	default:
		return map[string]*string{envvar.TableName: b.tableName}
	}
}

// functions makes each function with its code asset, encrypted log group
// and role.
func (b *build) functions() error {
	for _, fn := range orderspec.Functions() {
		out := b.out.Functions[fn]
		var deps []cdktf.ITerraformDependable
		dlq := ""
		if invokedAsynchronously(fn) {
			// Lambda checks at creation that the role may send to the
			// dead-letter queue, which it names by its computed ARN.
			deps, dlq = b.dependents[EventsDLQ], b.refs.queueARNs[EventsDLQ]
		}
		gf, err := gofunction.New(b.scope, *b.rid(fn), gofunction.Props{
			Name:                out.Name,
			Description:         "Order system " + b.props.Name + ": " + fn,
			RoleDescription:     "Runs the " + fn + " function of the order system " + b.props.Name,
			Artifact:            out.Artifact,
			Key:                 b.out.Key,
			LogRetentionDays:    b.s.LogRetentionDays,
			Policies:            map[string]iampolicy.Document{policyName: b.refs.functionPolicy(fn)},
			Environment:         b.environment(fn),
			MemoryMB:            functionMemoryMB,
			TimeoutSeconds:      functionTimeout(fn),
			ReservedConcurrency: b.s.ReservedConcurrency,
			DeadLetterARN:       dlq,
			DependsOn:           deps,
			Tags:                b.props.Tags,
		})
		if err != nil {
			return err
		}
		out.RoleARN = gf.Role.ARN
		f := gf.Function
		if b.s.ReservedConcurrency <= 0 {
			// Reserving without knowing the account's quota fails the
			// apply on new accounts (quota 10; Lambda keeps 100
			// unreserved): see orderspec.CheckReservedConcurrency.
			if err := suppress.Rule(f, "LAMBDA-3", "no reservation: the account's Lambda concurrency quota is not declared (LambdaConcurrencyQuota), and a reservation on a new account's quota of 10 fails the apply"); err != nil {
				return err
			}
		}
		if !invokedAsynchronously(fn) {
			if err := suppress.Rule(f, "LAMBDA-1", "invoked synchronously ("+synchronousCaller[fn]+"): a function dead-letter queue applies to asynchronous invocations only"); err != nil {
				return err
			}
		}
		b.fns[fn] = f
	}
	return nil
}

// triggers connects the consumers to their queues and notification to the
// topic.
func (b *build) triggers() error {
	for _, fn := range []string{orderspec.ProcessPayment, orderspec.UpdateInventory} {
		queue := consumerQueue[fn]
		deps := b.dependents[queue]
		cfg := &lambdaeventsourcemapping.LambdaEventSourceMappingConfig{
			FunctionName:   b.fns[fn].FunctionName(),
			EventSourceArn: jsii.String(b.refs.queueARNs[queue]),
			BatchSize:      jsii.Number(sqsBatchSize),
			// The consumers report failed messages, so that one bad
			// message does not return its whole batch to the queue.
			FunctionResponseTypes: jsii.Strings("ReportBatchItemFailures"),
			DependsOn:             &deps,
			Tags:                  b.tags,
		}
		if b.s.ReservedConcurrency > 0 {
			// Polling no faster than the function may run avoids
			// throttles that would push messages towards the DLQ.
			cfg.ScalingConfig = &lambdaeventsourcemapping.LambdaEventSourceMappingScalingConfig{
				MaximumConcurrency: jsii.Number(b.s.ReservedConcurrency),
			}
		}
		lambdaeventsourcemapping.NewLambdaEventSourceMapping(b.scope, b.rid(fn, "source"), cfg)
	}

	notify := b.fns[orderspec.Notification]
	lambdapermission.NewLambdaPermission(b.scope, b.rid(orderspec.Notification, "invoke-from-topic"), &lambdapermission.LambdaPermissionConfig{
		Action:       jsii.String("lambda:InvokeFunction"),
		FunctionName: notify.FunctionName(),
		Principal:    jsii.String(b.env.ServicePrincipal("sns")),
		SourceArn:    b.topicRef,
	})
	deps := b.dependents[EventsDLQ]
	snstopicsubscription.NewSnsTopicSubscription(b.scope, b.rid(orderspec.Notification, "subscription"), &snstopicsubscription.SnsTopicSubscriptionConfig{
		TopicArn: b.topicRef,
		Protocol: jsii.String("lambda"),
		Endpoint: notify.Arn(),
		// Messages SNS cannot deliver (the function throttled past SNS's
		// retries, say) land in the dead-letter queue instead of vanishing.
		RedrivePolicy: jsii.String(marshal(map[string]string{"deadLetterTargetArn": b.refs.queueARNs[EventsDLQ]})),
		DependsOn:     &deps,
	})
	return nil
}
