package serverlessorders

import (
	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/serverlessorders/orderspec"
)

// refs are the ARNs the policies name. All but keyARN are plain strings
// computed from names and the account; keyARN may be a token.
type refs struct {
	env          awsenv.Env
	keyARN       string
	tableARN     string
	indexARN     string
	queueARNs    map[string]string
	topicARN     string
	logGroupARNs map[string]string
	// receiptWrites are the receipts bucket's write statements for the
	// receipts/ prefix (securebucket.Bucket.WriteStatements).
	receiptWrites []iampolicy.Statement
	identityARN   string
	configSetARN  string
	sender        string
}

func allow(sid string, actions []string, resources ...string) iampolicy.Statement {
	return iampolicy.Statement{Sid: sid, Effect: iampolicy.Allow, Actions: actions, Resources: resources}
}

// keyVia lets a role use the key only through the named services, so that
// the role cannot decrypt data it reads some other way.
func (r refs) keyVia(sid string, actions []string, services ...string) iampolicy.Statement {
	s := allow(sid, actions, r.keyARN)
	via := make([]string, len(services))
	for i, svc := range services {
		via[i] = r.env.ServicePrincipal(svc + "." + r.env.Region)
	}
	s.Conditions = []iampolicy.Condition{iampolicy.Cond("StringEquals", "kms:ViaService", via...)}
	return s
}

// dynamoDBKeyActions are what DynamoDB needs from a caller's key
// permissions to read and write a table encrypted with a customer-managed
// key.
var dynamoDBKeyActions = []string{"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"}

// messagingKeyActions are what sending to and receiving from encrypted
// queues and topics needs.
var messagingKeyActions = []string{"kms:Decrypt", "kms:GenerateDataKey"}

// functionPolicy is the one inline policy of fn's role: exactly the
// actions and resources the function uses.
func (r refs) functionPolicy(fn string) iampolicy.Document {
	lg := r.logGroupARNs[fn]
	doc := iampolicy.Document{Statements: []iampolicy.Statement{
		// The log group exists before the function (it is created here,
		// encrypted), so the role needs no logs:CreateLogGroup.
		allow("WriteOwnLogs", []string{"logs:CreateLogStream", "logs:PutLogEvents"}, lg, lg+":*"),
		// X-Ray's trace APIs support no resource-level permissions: AWS
		// requires "*" here.
		allow("WriteTraces", []string{"xray:PutTelemetryRecords", "xray:PutTraceSegments"}, "*"),
	}}
	if invokedAsynchronously(fn) {
		// Lambda sends events of failed asynchronous invocations to the
		// dead-letter queue with the function's role.
		doc.Add(allow("SendToDeadLetterQueue", []string{"sqs:SendMessage"}, r.queueARNs[EventsDLQ]))
	}
	switch fn {
	case orderspec.CreateOrder:
		doc.Add(
			allow("ReadWriteOrders", []string{"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"}, r.tableARN),
			allow("ListCustomerOrders", []string{"dynamodb:Query"}, r.indexARN),
			allow("SendOrderEvents", []string{"sqs:SendMessage"}, r.queueARNs[PaymentQueue], r.queueARNs[InventoryQueue]),
			allow("PublishOrderEvents", []string{"sns:Publish"}, r.topicARN),
			r.keyVia("KeyViaDynamoDB", dynamoDBKeyActions, "dynamodb"),
			r.keyVia("KeyViaMessaging", messagingKeyActions, "sns", "sqs"),
		)
	case orderspec.ProcessPayment, orderspec.UpdateInventory:
		doc.Add(
			allow("UpdateOrders", []string{"dynamodb:UpdateItem"}, r.tableARN),
			// What Lambda's event source mapping polls with.
			allow("ConsumeQueue", []string{"sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"}, r.queueARNs[consumerQueue[fn]]),
			r.keyVia("KeyViaDynamoDB", dynamoDBKeyActions, "dynamodb"),
			r.keyVia("KeyViaMessaging", messagingKeyActions, "sqs"),
		)
	case orderspec.Notification:
		doc.Add(r.receiptWrites...)
		send := allow("SendAsSender", []string{"ses:SendEmail", "ses:SendRawEmail"}, r.identityARN, r.configSetARN)
		send.Conditions = []iampolicy.Condition{iampolicy.Cond("StringEquals", "ses:FromAddress", r.sender)}
		doc.Add(send, r.keyVia("KeyViaMessaging", messagingKeyActions, "sqs"))
	}
	return doc
}

// queuePolicy refuses plain-text transport and every principal of another
// account. AWS services acting for this account (SNS delivering to a
// dead-letter queue) are not principals of an account, hence the
// PrincipalIsAWSService test; allowSNSFrom lets that topic's subscriptions
// deliver here.
func queuePolicy(env awsenv.Env, queueARN, allowSNSFrom string) iampolicy.Document {
	doc := iampolicy.Document{Statements: iampolicy.AccountOnly("sqs", queueARN, env.AccountID)}
	if allowSNSFrom != "" {
		doc.Add(iampolicy.Statement{
			Sid: "TopicDeliversFailures", Effect: iampolicy.Allow,
			Principals: []iampolicy.Principal{iampolicy.ServicePrincipals(env.ServicePrincipal("sns"))},
			Actions:    []string{"sqs:SendMessage"}, Resources: []string{queueARN},
			Conditions: []iampolicy.Condition{iampolicy.Cond("ArnEquals", "aws:SourceArn", allowSNSFrom)},
		})
	}
	return doc
}

// keyStatements are what the key policy must allow for the services that
// encrypt with the key on their own: CloudWatch Logs (every log group) and
// SNS (delivering failed notifications to the encrypted dead-letter queue).
// Both are for this account only; their Sids let several order systems
// share a key.
func keyStatements(env awsenv.Env) []iampolicy.Statement {
	return []iampolicy.Statement{
		kmskey.CloudWatchLogsUse(env),
		kmskey.ServiceUse("SNSUsesForQueues", env, "sns", []string{"kms:Decrypt", "kms:GenerateDataKey*"}),
	}
}
