// Command update-inventory is the Lambda function that consumes the inventory queue
// (see package step). It reads its configuration from environment
// variables and refuses to start when one is missing.
package main

import (
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/boot"
	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/envvar"
	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/orders"
	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/step"
	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/store"
)

func main() {
	fn := boot.Start("update-inventory", envvar.TableName)
	h := &step.Handler{
		Step:   orders.StepInventory,
		Orders: &store.Store{Client: dynamodb.NewFromConfig(fn.AWS), Table: fn.Env[envvar.TableName]},
		Log:    fn.Log,
	}
	lambda.Start(h.Handle)
}
