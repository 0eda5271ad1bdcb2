// Command process-payment is the Lambda function that consumes the payment queue
// (see package step). It reads its configuration from environment
// variables and refuses to start when one is missing.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/envvar"
	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/orders"
	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/step"
	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/store"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	env, err := envvar.Require(envvar.TableName)
	if err != nil {
		log.Error("process-payment cannot start", "error", err)
		os.Exit(1)
	}
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		log.Error("process-payment cannot start: loading AWS configuration", "error", err)
		os.Exit(1)
	}
	h := &step.Handler{
		Step:   orders.StepPayment,
		Orders: &store.Store{Client: dynamodb.NewFromConfig(cfg), Table: env[envvar.TableName]},
		Log:    log,
	}
	lambda.Start(h.Handle)
}
