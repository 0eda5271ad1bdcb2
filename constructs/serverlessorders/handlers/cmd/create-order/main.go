// Command create-order is the Lambda function behind the orders REST API
// (see package api). It reads its configuration from environment variables
// and refuses to start when one is missing.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/api"
	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/boot"
	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/envvar"
	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/store"
)

func main() {
	fn := boot.Start("create-order", envvar.TableName, envvar.CustomerIndex, envvar.PaymentQueueURL, envvar.InventoryQueueURL, envvar.TopicARN)
	retention, err := envvar.Days(envvar.RetentionDays)
	if err != nil {
		boot.Fail(fn.Log, "create-order", err)
	}
	h := &api.Handler{
		Store: &store.Store{
			Client:    dynamodb.NewFromConfig(fn.AWS),
			Table:     fn.Env[envvar.TableName],
			Index:     fn.Env[envvar.CustomerIndex],
			Retention: retention,
		},
		Queue:             sqs.NewFromConfig(fn.AWS),
		Topic:             sns.NewFromConfig(fn.AWS),
		PaymentQueueURL:   fn.Env[envvar.PaymentQueueURL],
		InventoryQueueURL: fn.Env[envvar.InventoryQueueURL],
		TopicARN:          fn.Env[envvar.TopicARN],
		Log:               fn.Log,
	}
	lambda.Start(h.Handle)
}
