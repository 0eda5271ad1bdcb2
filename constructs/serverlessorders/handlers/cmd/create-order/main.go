// Command create-order is the Lambda function behind the orders REST API
// (see package api). It reads its configuration from environment variables
// and refuses to start when one is missing.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/api"
	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/envvar"
	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/store"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	env, err := envvar.Require(envvar.TableName, envvar.CustomerIndex, envvar.PaymentQueueURL, envvar.InventoryQueueURL, envvar.TopicARN)
	if err != nil {
		log.Error("create-order cannot start", "error", err)
		os.Exit(1)
	}
	retention, err := envvar.Days(envvar.RetentionDays)
	if err != nil {
		log.Error("create-order cannot start", "error", err)
		os.Exit(1)
	}
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		log.Error("create-order cannot start: loading AWS configuration", "error", err)
		os.Exit(1)
	}
	h := &api.Handler{
		Store: &store.Store{
			Client:    dynamodb.NewFromConfig(cfg),
			Table:     env[envvar.TableName],
			Index:     env[envvar.CustomerIndex],
			Retention: retention,
		},
		Queue:             sqs.NewFromConfig(cfg),
		Topic:             sns.NewFromConfig(cfg),
		PaymentQueueURL:   env[envvar.PaymentQueueURL],
		InventoryQueueURL: env[envvar.InventoryQueueURL],
		TopicARN:          env[envvar.TopicARN],
		Log:               log,
	}
	lambda.Start(h.Handle)
}
