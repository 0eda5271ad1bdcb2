// Command alerts is the real-time alerts function of the analytics
// pipeline (see package alerts). It reads its configuration from
// environment variables and refuses to start when one is missing.
package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/acme/landing-zone/constructs/analytics/handlers/alerts"
	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/boot"
)

type publisher struct {
	client *sns.Client
	topic  string
}

func (p publisher) Publish(ctx context.Context, subject, message string) error {
	_, err := p.client.Publish(ctx, &sns.PublishInput{TopicArn: aws.String(p.topic), Subject: aws.String(subject), Message: aws.String(message)})
	return err
}

func main() {
	fn := boot.Start("alerts", alerts.EnvTable, alerts.EnvTopicARN, alerts.EnvErrorThreshold, alerts.EnvRetentionDays)
	threshold, err := strconv.ParseInt(fn.Env[alerts.EnvErrorThreshold], 10, 64)
	if err != nil || threshold < 1 {
		boot.Fail(fn.Log, "alerts", fmt.Errorf("%s %q: not a positive integer", alerts.EnvErrorThreshold, fn.Env[alerts.EnvErrorThreshold]))
	}
	days, err := strconv.Atoi(fn.Env[alerts.EnvRetentionDays])
	if err != nil || days < 1 {
		boot.Fail(fn.Log, "alerts", fmt.Errorf("%s %q: not a positive integer", alerts.EnvRetentionDays, fn.Env[alerts.EnvRetentionDays]))
	}
	h := &alerts.Handler{
		Store:          alerts.Table{Client: dynamodb.NewFromConfig(fn.AWS), Name: fn.Env[alerts.EnvTable]},
		Publisher:      publisher{client: sns.NewFromConfig(fn.AWS), topic: fn.Env[alerts.EnvTopicARN]},
		ErrorThreshold: threshold,
		RetentionDays:  days,
		Log:            fn.Log,
	}
	lambda.Start(h.Handle)
}
