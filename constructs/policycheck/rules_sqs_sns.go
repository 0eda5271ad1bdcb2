package policycheck

import (
	"encoding/json"
	"strings"
)

const (
	sqsQueue = "aws_sqs_queue"
	snsTopic = "aws_sns_topic"
)

var sqsSNSRules = []Rule{
	{
		ID:          "SQS-1",
		Severity:    Error,
		Description: "Every queue is encrypted with a customer-managed KMS key.",
		Fix:         "set kms_master_key_id to a customer-managed key (SQS-managed SSE and alias/aws/sqs cannot be restricted by a key policy)",
		Types:       []string{sqsQueue},
		Checkov:     []string{"CKV_AWS_27"},
		Trivy:       []string{"AVD-AWS-0096", "AVD-AWS-0135"},
		check:       checkQueueKMS,
	},
	{
		ID:          "SQS-2",
		Severity:    Error,
		Description: "Every queue that is not itself a dead-letter queue has one.",
		Fix:         `set redrive_policy (or add an aws_sqs_queue_redrive_policy) with deadLetterTargetArn and maxReceiveCount`,
		Types:       []string{sqsQueue},
		check:       checkQueueDLQ,
	},
	{
		ID:          "SQS-3",
		Severity:    Error,
		Description: "Every queue policy denies requests that do not use TLS.",
		Fix:         `add an aws_sqs_queue_policy statement: Deny, Principal "*", Action "sqs:*", Condition Bool aws:SecureTransport = "false"`,
		Types:       []string{sqsQueue},
		check:       checkQueueTLS,
	},
	{
		ID:          "SNS-1",
		Severity:    Error,
		Description: "Every topic is encrypted with a customer-managed KMS key.",
		Fix:         "set kms_master_key_id to a customer-managed key whose policy lets the publishing services use it",
		Types:       []string{snsTopic},
		Checkov:     []string{"CKV_AWS_26"},
		Trivy:       []string{"AVD-AWS-0095", "AVD-AWS-0136"},
		check:       checkTopicKMS,
	},
	{
		ID:          "SNS-2",
		Severity:    Error,
		Description: "Every topic policy denies requests that do not use TLS.",
		Fix:         `add an aws_sns_topic_policy statement: Deny, Principal "*", Action "sns:Publish", Condition Bool aws:SecureTransport = "false"`,
		Types:       []string{snsTopic},
		check:       checkTopicTLS,
	},
}

func checkQueueKMS(_ *stack, q *resource) []string {
	key := str(q.attrs, "kms_master_key_id")
	switch {
	case key != "" && !managedKey(key):
		return nil
	case key != "":
		return []string{"kms_master_key_id is the AWS-managed key alias/aws/sqs"}
	case boolArg(q.attrs, "sqs_managed_sse_enabled") != no:
		return []string{"the queue uses SQS-managed encryption (SSE-SQS), not a customer-managed KMS key"}
	}
	return []string{"the queue is not encrypted"}
}

// redrivesTo reports whether a redrive policy sends failed messages to q:
// its deadLetterTargetArn references q, or is q's ARN written out (which
// ends in ":<queue name>").
func redrivesTo(policy string, q *resource) bool {
	if !strings.Contains(policy, "deadLetterTargetArn") {
		return false
	}
	for _, r := range refs(policy) {
		if r.addr == q.addr() {
			return true
		}
	}
	var p struct {
		DeadLetterTargetArn string `json:"deadLetterTargetArn"`
	}
	name := str(q.attrs, "name")
	return json.Unmarshal([]byte(policy), &p) == nil && name != "" && !isExpr(name) &&
		strings.HasPrefix(p.DeadLetterTargetArn, "arn:") && strings.HasSuffix(p.DeadLetterTargetArn, ":"+name)
}

// isDLQ reports whether another queue's redrive policy sends its failed
// messages to q, or q says which queues may.
func (s *stack) isDLQ(q *resource) bool {
	if set(q.attrs, "redrive_allow_policy") || len(s.related("aws_sqs_queue_redrive_allow_policy", "queue_url", q)) > 0 {
		return true
	}
	var policies []string
	for _, o := range s.byType[sqsQueue] {
		policies = append(policies, str(o.attrs, "redrive_policy"))
	}
	for _, o := range s.byType["aws_sqs_queue_redrive_policy"] {
		policies = append(policies, str(o.attrs, "redrive_policy"))
	}
	for _, p := range policies {
		if redrivesTo(p, q) {
			return true
		}
	}
	return false
}

func checkQueueDLQ(s *stack, q *resource) []string {
	if strings.Contains(str(q.attrs, "redrive_policy"), "deadLetterTargetArn") || isExpr(str(q.attrs, "redrive_policy")) {
		return nil
	}
	for _, rp := range s.related("aws_sqs_queue_redrive_policy", "queue_url", q) {
		if set(rp.attrs, "redrive_policy") {
			return nil
		}
	}
	if s.isDLQ(q) {
		return nil
	}
	return []string{"no redrive policy: a message that always fails is received again and again until it expires"}
}

// policiesOf returns the policy arguments of r and of the resources of
// policyType whose key names r.
func (s *stack) policiesOf(r *resource, policyType, key string) (docs []policy, unknown bool) {
	args := []any{r.attrs["policy"]}
	for _, p := range s.related(policyType, key, r) {
		args = append(args, p.attrs["policy"])
	}
	for _, a := range args {
		if a == nil {
			continue
		}
		if p, ok := s.parsePolicy(a); ok {
			docs = append(docs, p)
		} else if text, _ := a.(string); strings.TrimSpace(text) != "" {
			unknown = true
		}
	}
	return docs, unknown
}

func checkQueueTLS(s *stack, q *resource) []string {
	docs, unknown := s.policiesOf(q, "aws_sqs_queue_policy", "queue_url")
	for _, p := range docs {
		if p.deniesInsecureTransport("sqs") {
			return nil
		}
	}
	if unknown {
		return nil
	}
	return []string{"no queue policy statement denies requests with aws:SecureTransport false"}
}

func checkTopicKMS(_ *stack, t *resource) []string {
	switch key := str(t.attrs, "kms_master_key_id"); {
	case key == "":
		return []string{"the topic is not encrypted"}
	case managedKey(key):
		return []string{"kms_master_key_id is the AWS-managed key alias/aws/sns, which other services cannot be allowed to use"}
	}
	return nil
}

func checkTopicTLS(s *stack, t *resource) []string {
	docs, unknown := s.policiesOf(t, "aws_sns_topic_policy", "arn")
	for _, p := range docs {
		if p.deniesInsecureTransport("sns", "sns:Publish") {
			return nil
		}
	}
	if unknown {
		return nil
	}
	return []string{"no topic policy statement denies publishing with aws:SecureTransport false"}
}
