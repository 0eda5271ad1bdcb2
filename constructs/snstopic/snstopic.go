// Package snstopic provides SNS topics encrypted with a customer-managed key
// and a policy that refuses plain-text transport and publishers from other
// accounts.
package snstopic

import (
	"fmt"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/snstopic"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/snstopicpolicy"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/naming"
	"github.com/acme/landing-zone/constructs/tags"
)

// Props configures a Topic.
type Props struct {
	// Name is the topic name.
	Name string
	// Key encrypts messages at rest. Required.
	Key *kmskey.Key
	// PublishingServices are service principal prefixes (such as
	// "cloudwatch" or "events") allowed to publish from this account; the
	// key policy is extended so they can encrypt.
	PublishingServices []string
	Tags               map[string]string
}

// Topic is an SNS topic.
type Topic struct {
	Name string
	// ARN is plain: derived from the name, account and region.
	ARN string
	// Ref is the topic's ARN as a reference, for ordering after the topic.
	Ref *string
	Key *kmskey.Key
}

// New validates props and creates the topic and its policy.
func New(scope constructs.Construct, id string, props Props) (*Topic, error) {
	if _, err := naming.Name(256, props.Name); err != nil {
		return nil, fmt.Errorf("snstopic %s: Name: %w", id, err)
	}
	if props.Key == nil {
		return nil, fmt.Errorf("snstopic %s: Key is required: topics are encrypted with a customer-managed key", id)
	}
	env, err := awsenv.Of(scope)
	if err != nil {
		return nil, fmt.Errorf("snstopic %s: %w", id, err)
	}
	t := snstopic.NewSnsTopic(scope, jsii.String(id), &snstopic.SnsTopicConfig{
		Name:           jsii.String(props.Name),
		KmsMasterKeyId: props.Key.ARN,
		Tags:           tags.Ptrs(props.Tags),
	})
	topic := &Topic{Name: props.Name, ARN: env.ARN("sns", props.Name), Ref: t.Arn(), Key: props.Key}
	doc := iampolicy.Document{Statements: []iampolicy.Statement{
		{
			Sid: "DenyInsecureTransport", Effect: iampolicy.Deny,
			Principals: []iampolicy.Principal{iampolicy.Anyone()},
			Actions:    []string{"sns:Publish", "sns:Subscribe"}, Resources: []string{topic.ARN},
			Conditions: []iampolicy.Condition{iampolicy.Cond("Bool", "aws:SecureTransport", "false")},
		},
		{
			Sid: "OwnerManages", Effect: iampolicy.Allow,
			Principals: []iampolicy.Principal{iampolicy.AWSPrincipals(env.RootARN())},
			Actions:    []string{"sns:GetTopicAttributes", "sns:ListSubscriptionsByTopic", "sns:Publish", "sns:SetTopicAttributes", "sns:Subscribe"},
			Resources:  []string{topic.ARN},
		},
	}}
	for _, svc := range props.PublishingServices {
		doc.Add(iampolicy.Statement{
			Sid: "ServicePublishes" + iampolicy.SidPart(svc), Effect: iampolicy.Allow,
			Principals: []iampolicy.Principal{iampolicy.ServicePrincipals(env.ServicePrincipal(svc))},
			Actions:    []string{"sns:Publish"}, Resources: []string{topic.ARN},
			Conditions: []iampolicy.Condition{iampolicy.Cond("StringEquals", "aws:SourceAccount", env.AccountID)},
		})
		if err := props.Key.AddToPolicy(kmskey.ServiceUse("ServiceEncrypts"+iampolicy.SidPart(svc)+iampolicy.SidPart(props.Name), env, svc,
			[]string{"kms:Decrypt", "kms:GenerateDataKey*"})); err != nil {
			return nil, fmt.Errorf("snstopic %s: %w", id, err)
		}
	}
	if err := doc.Validate(); err != nil {
		return nil, fmt.Errorf("snstopic %s: policy: %w", id, err)
	}
	snstopicpolicy.NewSnsTopicPolicy(scope, jsii.String(id+"-policy"), &snstopicpolicy.SnsTopicPolicyConfig{
		Arn:    t.Arn(),
		Policy: jsii.String(doc.JSON()),
	})
	return topic, nil
}
