//go:build landingzone_handlerdeps

// This file is never compiled (no build uses its tag). It lists every
// package the handlers' main packages import, because `go mod tidy` reads
// files of every build tag: a module that imports serverlessorders then
// gets the go.sum entries the handlers need (aws-lambda-go, the AWS SDK) from
// a plain `go mod tidy`, and the go build that compiles the handlers at
// synth succeeds in that module. Main packages cannot be imported, so their
// imports are listed instead; TestHandlerDepsListsEveryImport keeps the list
// complete.

package serverlessorders

import (
	_ "github.com/aws/aws-lambda-go/lambda"
	_ "github.com/aws/aws-sdk-go-v2/service/dynamodb"
	_ "github.com/aws/aws-sdk-go-v2/service/s3"
	_ "github.com/aws/aws-sdk-go-v2/service/sesv2"
	_ "github.com/aws/aws-sdk-go-v2/service/sns"
	_ "github.com/aws/aws-sdk-go-v2/service/sqs"

	_ "github.com/acme/landing-zone/constructs/serverlessorders/handlers/api"
	_ "github.com/acme/landing-zone/constructs/serverlessorders/handlers/boot"
	_ "github.com/acme/landing-zone/constructs/serverlessorders/handlers/envvar"
	_ "github.com/acme/landing-zone/constructs/serverlessorders/handlers/notify"
	_ "github.com/acme/landing-zone/constructs/serverlessorders/handlers/orders"
	_ "github.com/acme/landing-zone/constructs/serverlessorders/handlers/step"
	_ "github.com/acme/landing-zone/constructs/serverlessorders/handlers/store"
)
